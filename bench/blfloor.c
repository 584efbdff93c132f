// SPDX-License-Identifier: GPL-2.0
/*
 * blfloor: attaches and detaches the floor of `make bench` (state Z, bench/floor-gen.sh), the
 * programs that only allow, on boxlock's hooks.
 *
 *   blfloor load OBJ DIR [NAME...]   load OBJ, attach its programs (only NAMEs, if given), pin
 *                                    each link as DIR/NAME; DIR is created on a bpffs
 *   blfloor unload DIR               remove every pin under DIR and DIR: the programs detach
 *
 * NAMEs are the programs boxlock itself attached on this kernel (its links' pin names): a hook
 * the kernel lacks is skipped by boxlock (and recorded), and the floor must skip the same ones.
 * Pinned links, as boxlock's are, so that the floor outlives this process like boxlock does.
 */
#include <bpf/libbpf.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool wanted(const char *name, int argc, char **argv)
{
	if (argc == 0)
		return true;
	for (int i = 0; i < argc; i++)
		if (!strcmp(argv[i], name))
			return true;
	return false;
}

static int floor_load(const char *path, const char *dir, int argc, char **argv)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	struct bpf_program *prog;
	char pin[PATH_MAX];
	int n = 0;

	if (!obj) {
		fprintf(stderr, "blfloor: cannot open %s: %s\n", path, strerror(errno));
		return 1;
	}
	bpf_object__for_each_program(prog, obj)
		bpf_program__set_autoload(prog, wanted(bpf_program__name(prog), argc, argv));
	if (bpf_object__load(obj)) {
		fprintf(stderr, "blfloor: cannot load %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (mkdir(dir, 0700) && errno != EEXIST) {
		fprintf(stderr, "blfloor: cannot create %s: %s\n", dir, strerror(errno));
		return 1;
	}
	bpf_object__for_each_program(prog, obj) {
		const char *name = bpf_program__name(prog);
		struct bpf_link *link;

		if (!bpf_program__autoload(prog))
			continue;
		link = bpf_program__attach(prog);
		if (!link) {
			fprintf(stderr, "blfloor: cannot attach %s: %s\n", name, strerror(errno));
			return 1;
		}
		snprintf(pin, sizeof(pin), "%s/%s", dir, name);
		if (bpf_link__pin(link, pin)) {
			fprintf(stderr, "blfloor: cannot pin %s: %s\n", pin, strerror(errno));
			return 1;
		}
		n++;
	}
	printf("%d\n", n);
	/* The pins hold the links; the object's own references go with the process. */
	return 0;
}

static int floor_unload(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char pin[PATH_MAX];
	int st = 0;

	if (!d)
		return errno == ENOENT ? 0 : 1;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(pin, sizeof(pin), "%s/%s", dir, e->d_name);
		if (unlink(pin)) {
			fprintf(stderr, "blfloor: cannot remove %s: %s\n", pin, strerror(errno));
			st = 1;
		}
	}
	closedir(d);
	if (rmdir(dir)) {
		fprintf(stderr, "blfloor: cannot remove %s: %s\n", dir, strerror(errno));
		st = 1;
	}
	return st;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && !strcmp(argv[1], "load"))
		return floor_load(argv[2], argv[3], argc - 4, argv + 4);
	if (argc == 3 && !strcmp(argv[1], "unload"))
		return floor_unload(argv[2]);
	fprintf(stderr, "usage: blfloor load OBJ DIR [NAME...] | blfloor unload DIR\n");
	return 2;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * boxlock profile generate NAME [--name NEW] [--images P[,P...]] [-o | --output FILE]: a profile
 * from what learn-mode profile NAME observed (policy/generate.c); -j prints the observations.
 * boxlock profile forget NAME: deletes them.
 */
#define _GNU_SOURCE /* asprintf */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <bpf/bpf.h>
#include "cli.h"
#include "learned.h"
#include "pins.h"
#include "store.h"

struct gen_args {
	const char *profile;
	const char *name; /* NULL: the learned profile's own */
	char *images; /* comma-separated, split in place */
	const char *output; /* NULL: stdout */
};

static int parse(int argc, char **argv, struct gen_args *a)
{
	static const struct option lopts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "images", required_argument, NULL, 'i' },
		{ "output", required_argument, NULL, 'o' },
		{},
	};
	int c;

	optind = 0;
	while ((c = getopt_long(argc + 1, argv - 1, "o:", lopts, NULL)) != -1) {
		if (c == 'n')
			a->name = optarg;
		else if (c == 'i')
			a->images = optarg;
		else if (c == 'o')
			a->output = optarg;
		else
			goto usage;
	}
	if (optind != argc)
		goto usage;
	a->profile = argv[argc - 1];
	return 0;
usage:
	bl_err("usage: boxlock profile generate NAME [--name NEW] [--images P[,P...]] "
	       "[-o | --output FILE]");
	return -EINVAL;
}

/* A profile file is found by its name: FILE must be NEW.ini, or `profile check` refuses it. */
static int check_output_name(const char *file, const char *name)
{
	const char *base = strrchr(file, '/');
	size_t len = strlen(name);

	base = base ? base + 1 : file;
	if (!strncmp(base, name, len) && !strcmp(base + len, ".ini"))
		return 0;
	bl_err("profile generate: %s: the file of profile %s must be called %s.ini (a profile's "
	       "name is its file's), or give --name",
	       file, name, name);
	return -EINVAL;
}

/* Writes @len bytes of @text to @file through a temporary file beside it and a rename. */
static int write_atomic(const char *file, const char *text, size_t len)
{
	char *tmp = NULL;
	FILE *f = NULL;
	int fd, err = 0;

	if (asprintf(&tmp, "%s.XXXXXX", file) < 0)
		return -ENOMEM;
	fd = mkstemp(tmp);
	if (fd < 0) {
		err = -errno;
		goto fail;
	}
	f = fdopen(fd, "w");
	if (!f) {
		err = -errno;
		close(fd);
		unlink(tmp);
		goto fail;
	}
	if (fchmod(fd, 0644) || fwrite(text, 1, len, f) != len || fflush(f) || fsync(fd))
		err = errno ? -errno : -EIO;
	if (fclose(f) && !err)
		err = -errno;
	if (!err && rename(tmp, file))
		err = -errno;
	if (err)
		unlink(tmp);
fail:
	if (err)
		bl_err("profile generate: cannot write %s: %s", file, strerror(-err));
	free(tmp);
	return err;
}

static int print_json(const struct bl_gen_obs *obs, size_t n, __u64 btime)
{
	json_t *list = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, bl_learned_json(&obs[i], btime));
	bl_json_print(list);
	return 0;
}

/* The image patterns of --images, split at commas (in place). */
static int split_images(char *s, const char ***out, size_t *n)
{
	const char **v;
	size_t cap = 1;

	*out = NULL;
	*n = 0;
	if (!s)
		return 0;
	for (const char *c = s; *c; c++)
		cap += *c == ',';
	v = calloc(cap, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (char *save = NULL, *t = strtok_r(s, ",", &save); t; t = strtok_r(NULL, ",", &save))
		v[(*n)++] = t;
	*out = v;
	return 0;
}

static int generate(const struct bl_maps *m, const struct gen_args *a)
{
	struct bl_gen_input in = { .profile = a->profile, .name = a->name ? a->name : a->profile };
	char parent[BL_RULE_TEXT_MAX], errbuf[256], **roots = NULL, *text = NULL;
	const char **images = NULL;
	struct bl_gen_obs *obs = NULL;
	struct bl_profile prof;
	size_t n = 0, n_roots = 0, len;
	__u32 id;
	int err;

	err = bl_store_find(m, a->profile, &id);
	if (!err && bpf_map_lookup_elem(m->profiles, &id, &prof))
		err = -errno;
	if (err) {
		bl_err("profile generate: profile %s is not loaded", a->profile);
		return err;
	}
	err = bl_boot_time(&in.btime);
	if (!err)
		err = bl_learned_read(m, id, &obs, &n);
	if (err) {
		bl_err("profile generate: profile %s: cannot read its observations: %s", a->profile,
		       strerror(-err));
		goto out;
	}
	if (!n) {
		bl_err("profile generate: profile %s has no observations (switch it to learning "
		       "with 'boxlock mode learn --profile %s' and run its workload)",
		       a->profile, a->profile);
		err = -ENODATA;
		goto out;
	}
	if (bl_opts.json) {
		err = print_json(obs, n, in.btime);
		goto out;
	}
	if (a->output) {
		err = check_output_name(a->output, in.name);
		if (err)
			goto out;
	}
	/* Without its parent the profile would lose every rule the parent has: refuse. */
	err = bl_store_parent(m, prof.rules_slot, parent, sizeof(parent));
	if (err) {
		bl_err("profile generate: profile %s: its parent is not recorded (loaded by an older "
		       "boxlock): load it again with 'boxlock profile load'",
		       a->profile);
		goto out;
	}
	in.parent = parent[0] ? parent : NULL;
	err = bl_learned_roots(m, prof.rules_slot, &roots, &n_roots);
	if (!err)
		err = split_images(a->images, &images, &in.n_images);
	if (!err)
		err = bl_learned_counters(m, &in.learn_full, &in.learn_busy);
	if (err) {
		bl_err("profile generate: profile %s: %s", a->profile, strerror(-err));
		goto out;
	}
	in.images = images;
	in.watched = (const char *const *)roots;
	in.n_watched = n_roots;
	in.obs = obs;
	in.n_obs = n;
	err = bl_generate(&in, &text, &len, errbuf, sizeof(errbuf));
	if (err) {
		bl_err("profile generate: profile %s: %s", a->profile,
		       errbuf[0] ? errbuf : strerror(-err));
		goto out;
	}
	if (in.learn_full || in.learn_busy)
		fprintf(stderr,
			"profile generate: warning: %llu observations were not recorded (learned "
			"map full: %llu, busy: %llu): profile %s may be incomplete\n",
			(unsigned long long)(in.learn_full + in.learn_busy),
			(unsigned long long)in.learn_full, (unsigned long long)in.learn_busy,
			in.name);
	if (a->output) {
		err = write_atomic(a->output, text, len);
		if (!err)
			bl_info("profile %s: %zu observations of %s written to %s", in.name, n,
				a->profile, a->output);
	} else if (fwrite(text, 1, len, stdout) != len || fflush(stdout)) {
		err = -EIO;
	}
out:
	free(text);
	free(images);
	bl_learned_roots_free(roots, n_roots);
	free(obs);
	return err;
}

int bl_cmd_profile_generate(int argc, char **argv)
{
	struct gen_args a = {};
	struct bl_maps m;
	int err;

	err = parse(argc, argv, &a);
	if (err)
		return err;
	err = bl_maps_open(&m);
	if (err)
		return err;
	err = generate(&m, &a);
	bl_maps_close(&m);
	return err;
}

int bl_cmd_profile_forget(int argc, char **argv)
{
	struct bl_maps m;
	size_t n = 0;
	__u32 id;
	int err;

	if (argc != 1) {
		bl_err("usage: boxlock profile forget NAME");
		return -EINVAL;
	}
	err = bl_maps_open(&m);
	if (err)
		return err;
	err = bl_store_find(&m, argv[0], &id);
	if (err)
		bl_err("profile forget: profile %s is not loaded", argv[0]);
	else
		err = bl_learned_forget(&m, id, &n);
	if (!err) {
		if (bl_opts.json)
			bl_json_print(json_pack("{s:s,s:I}", "profile", argv[0], "forgotten",
						(json_int_t)n));
		else
			bl_info("profile %s: %zu observations forgotten", argv[0], n);
	}
	bl_maps_close(&m);
	return err;
}

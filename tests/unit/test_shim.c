// SPDX-License-Identifier: GPL-2.0
/*
 * boxlock-runc's pure logic: reading runc's and crun's command lines (every form of every option
 * it needs, `--`, options it does not know), and the choice of a container's profile (each
 * source, and which wins).
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "shim/args.h"
#include "shim/choose.h"
#include "shim/runtime.h"

#define ID64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* Parses the words of @line (split on spaces) as boxlock-runc's arguments. */
static char words[64][256];
static char *argv_buf[64];
static char err[512];

static int parse(const char *line, struct bl_shim_args *a)
{
	char copy[4096], *tok, *save;
	int n = 0;

	snprintf(copy, sizeof(copy), "%s", line);
	for (tok = strtok_r(copy, " ", &save); tok && n < 63; tok = strtok_r(NULL, " ", &save)) {
		snprintf(words[n], sizeof(words[n]), "%s", tok);
		argv_buf[n] = words[n];
		n++;
	}
	argv_buf[n] = NULL;
	return bl_shim_parse(n, argv_buf, a, err, sizeof(err));
}

/* What containerd's runc shim (go-runc) runs. */
static void test_args_containerd(void **state)
{
	struct bl_shim_args a;

	(void)state;
	assert_int_equal(parse("--root /run/containerd/runc/default --log /run/c/log.json "
			       "--log-format json --systemd-cgroup create --bundle /b --pid-file "
			       "/run/c/init.pid --console-socket /tmp/pty.sock --no-pivot "
			       "--no-new-keyring --preserve-fds 2 ctr1",
			       &a),
			 0);
	assert_int_equal(a.cmd, BL_SHIM_CREATE);
	assert_string_equal(a.command, "create");
	assert_int_equal(a.cmd_index, 7);
	assert_string_equal(a.root, "/run/containerd/runc/default");
	assert_string_equal(a.log, "/run/c/log.json");
	assert_string_equal(a.log_format, "json");
	assert_true(a.systemd_cgroup);
	assert_false(a.debug);
	assert_string_equal(a.bundle, "/b");
	assert_string_equal(a.pid_file, "/run/c/init.pid");
	assert_string_equal(a.console_socket, "/tmp/pty.sock");
	assert_true(a.no_pivot);
	assert_true(a.no_new_keyring);
	assert_string_equal(a.preserve_fds, "2");
	assert_string_equal(a.id, "ctr1");
}

/* --opt=val, Go's single-dash long options, -b, and the other global options. */
static void test_args_forms(void **state)
{
	struct bl_shim_args a;

	(void)state;
	assert_int_equal(parse("--root=/r --log=/l --log-format=text --debug --rootless=true "
			       "--criu=/c create --bundle=/b --pid-file=/p --preserve-fds=1 "
			       "--console-socket=/s x",
			       &a),
			 0);
	assert_string_equal(a.root, "/r");
	assert_string_equal(a.log, "/l");
	assert_string_equal(a.log_format, "text");
	assert_true(a.debug);
	assert_string_equal(a.rootless, "true");
	assert_string_equal(a.criu, "/c");
	assert_string_equal(a.bundle, "/b");
	assert_string_equal(a.pid_file, "/p");
	assert_string_equal(a.preserve_fds, "1");
	assert_string_equal(a.console_socket, "/s");
	assert_string_equal(a.id, "x");

	assert_int_equal(parse("-root /r --rootless false --criu /c create -b /b y", &a), 0);
	assert_string_equal(a.root, "/r");
	assert_string_equal(a.rootless, "false");
	assert_string_equal(a.criu, "/c");
	assert_string_equal(a.bundle, "/b");
	assert_string_equal(a.id, "y");

	assert_int_equal(parse("create -b=/b1 z", &a), 0);
	assert_string_equal(a.bundle, "/b1");
	assert_int_equal(parse("create -bundle /b2 -pid-file /p z", &a), 0);
	assert_string_equal(a.bundle, "/b2");
	assert_string_equal(a.pid_file, "/p");
	assert_null(a.root);

	/* Booleans take Go's =false. */
	assert_int_equal(
		parse("--systemd-cgroup=false create --no-pivot=false --no-new-keyring=true z", &a),
		0);
	assert_false(a.systemd_cgroup);
	assert_false(a.no_pivot);
	assert_true(a.no_new_keyring);
}

/* crun: --cgroup-manager, -f/--config, --no-subreaper, -bDIR, options after the id. */
static void test_args_crun(void **state)
{
	struct bl_shim_args a;

	(void)state;
	assert_int_equal(parse("--cgroup-manager=cgroupfs --root /run/crun create -f my.json "
			       "--no-subreaper -b/bundle c1",
			       &a),
			 0);
	assert_string_equal(a.cgroup_manager, "cgroupfs");
	assert_string_equal(a.root, "/run/crun");
	assert_string_equal(a.config, "my.json");
	assert_true(a.no_subreaper);
	assert_string_equal(a.bundle, "/bundle");
	assert_string_equal(a.id, "c1");

	assert_int_equal(parse("create c2 --bundle /b --pid-file=/p", &a), 0);
	assert_string_equal(a.id, "c2");
	assert_string_equal(a.bundle, "/b");
	assert_string_equal(a.pid_file, "/p");
	assert_int_equal(parse("create --config=/etc/c.json c3", &a), 0);
	assert_string_equal(a.config, "/etc/c.json");
}

/* `--` ends the global options before the command, and create's before the id. */
static void test_args_double_dash(void **state)
{
	struct bl_shim_args a;

	(void)state;
	assert_int_equal(parse("--root /r -- create -b /b -- -odd-id", &a), 0);
	assert_int_equal(a.cmd, BL_SHIM_CREATE);
	assert_int_equal(a.cmd_index, 3);
	assert_string_equal(a.root, "/r");
	assert_string_equal(a.bundle, "/b");
	assert_string_equal(a.id, "-odd-id");

	/* After create's `--`, an option-looking word is the id, not an option. */
	assert_int_equal(parse("create -- --bundle", &a), 0);
	assert_string_equal(a.id, "--bundle");
	assert_null(a.bundle);

	/* Nothing after the global `--`: no command. */
	assert_int_equal(parse("--root /r --", &a), 0);
	assert_int_equal(a.cmd, BL_SHIM_NONE);
}

/* Unknown global options are left alone; a create behind one that took a value is refused. */
static void test_args_unknown_global(void **state)
{
	struct bl_shim_args a;

	(void)state;
	assert_int_equal(parse("--new-flag --new-opt=v create --bundle /b id1", &a), 0);
	assert_int_equal(a.cmd, BL_SHIM_CREATE);
	assert_int_equal(a.cmd_index, 2);
	assert_string_equal(a.id, "id1");
	assert_string_equal(a.bundle, "/b");

	assert_int_equal(parse("--new-flag start id1", &a), 0);
	assert_int_equal(a.cmd, BL_SHIM_PASS);
	assert_string_equal(a.command, "start");

	/* "--new-opt val create": is the command val or create? It cannot be told: refused. */
	assert_int_equal(parse("--new-opt val create id1", &a), -EINVAL);
	assert_non_null(strstr(err, "val"));
	/* No create anywhere: the runtime gets it and says what it thinks. */
	assert_int_equal(parse("--new-opt val state id1", &a), 0);
	assert_int_equal(a.cmd, BL_SHIM_PASS);
}

/* Every other command passes, whatever its arguments hold. */
static void test_args_pass(void **state)
{
	static const char *const lines[] = {
		"start id1",
		"--root /r exec id1 sh -c create",
		"exec --detach --pid-file /p --process /p.json id1",
		"kill id1 9",
		"delete --force id1",
		"state id1",
		"ps id1",
		"features",
		"--root /r list",
		"pause id1",
		"resume id1",
		"update --memory 1M id1",
		"events id1",
		"checkpoint id1",
		"spec",
		"help create",
		NULL,
	};
	struct bl_shim_args a;

	(void)state;
	for (int i = 0; lines[i]; i++) {
		assert_int_equal(parse(lines[i], &a), 0);
		assert_int_equal(a.cmd, BL_SHIM_PASS);
	}
	assert_int_equal(parse("--version", &a), 0);
	assert_int_equal(a.cmd, BL_SHIM_NONE);
	assert_int_equal(parse("-v", &a), 0);
	assert_int_equal(a.cmd, BL_SHIM_NONE);
	assert_int_equal(parse("", &a), 0);
	assert_int_equal(a.cmd, BL_SHIM_NONE);
	assert_int_equal(a.cmd_index, 0);
	/* A global option without its value: the runtime's usage error, unless a create follows. */
	assert_int_equal(parse("--root", &a), 0);
	assert_int_equal(a.cmd, BL_SHIM_NONE);
	assert_int_equal(parse("--root --log create x", &a), 0);
	assert_string_equal(a.root, "--log");
	/* --log takes "create" as its value, as runc would: x is the command, for runc to refuse. */
	assert_int_equal(parse("--log create x", &a), 0);
	assert_int_equal(a.cmd, BL_SHIM_PASS);
	assert_string_equal(a.command, "x");
}

static void test_args_run_restore(void **state)
{
	struct bl_shim_args a;

	(void)state;
	assert_int_equal(parse("run -d -b /b id1", &a), 0);
	assert_int_equal(a.cmd, BL_SHIM_RUN);
	assert_int_equal(parse("--root /r restore --image-path /i id1", &a), 0);
	assert_int_equal(a.cmd, BL_SHIM_RESTORE);
}

static void test_args_create_errors(void **state)
{
	struct bl_shim_args a;

	(void)state;
	assert_int_equal(parse("create", &a), -EINVAL);
	assert_non_null(strstr(err, "one container id"));
	assert_int_equal(parse("create --bundle /b", &a), -EINVAL);
	assert_int_equal(parse("create a b", &a), -EINVAL);
	/* An option create does not know, with its value as the next word: two arguments. */
	assert_int_equal(parse("create --new-opt v id1", &a), -EINVAL);
	assert_int_equal(parse("create --pid-file", &a), -EINVAL);
	assert_non_null(strstr(err, "--pid-file"));
	/* An unknown flag before the id is fine. */
	assert_int_equal(parse("create --new-flag id1", &a), 0);
	assert_string_equal(a.id, "id1");
}

/* Profile choice. */
static struct bl_policy_set set;

static int set_up_profiles(void **state)
{
	static const struct {
		const char *file, *text;
	} profiles[] = {
		{ "web.ini",
		  "[profile]\nimages = boxlock-web:* docker.io/library/boxlock-web:*\n" },
		{ "nginx.ini", "[profile]\nimages = nginx:* registry.example/nginx@*\n" },
		{ "default.ini", "[profile]\ndescription = fallback\n" },
	};
	struct bl_diag d = {};

	(void)state;
	set.v = calloc(3, sizeof(*set.v));
	for (size_t i = 0; i < 3; i++) {
		if (bl_policy_parse_string(profiles[i].text, profiles[i].file, &set.v[i], &d)) {
			bl_diag_print(&d, stderr);
			return -1;
		}
		set.n++;
	}
	bl_diag_free(&d);
	return 0;
}

static int tear_down_profiles(void **state)
{
	(void)state;
	bl_policy_set_free(&set);
	return 0;
}

static json_t *js(const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, 0, &e);

	if (!j)
		fail_msg("bad test JSON: %s: %s", e.text, text);
	return j;
}

/* Chooses with @oci and @docker (JSON text, NULL for none). */
static int choose(const char *oci, const char *docker, const struct bl_policy_set *s,
		  struct bl_choice *c)
{
	json_t *o = js(oci), *d = docker ? js(docker) : NULL;
	int rc = bl_profile_choose(o, d, s, c);

	json_decref(o);
	json_decref(d);
	return rc;
}

static void test_choose_annotation(void **state)
{
	struct bl_choice c;

	(void)state;
	/* The annotation beats a label and an image, and needs no profile set. */
	assert_int_equal(choose("{\"annotations\": {\"io.boxlock.profile\": \"restricted\", "
				"\"io.boxlock.image\": \"nginx:1\"}}",
				"{\"Config\": {\"Image\": \"boxlock-web\", \"Labels\": "
				"{\"io.boxlock.profile\": \"privileged\"}}}",
				NULL, &c),
			 0);
	assert_string_equal(c.profile, "restricted");
	assert_int_equal(c.source, BL_CHOICE_ANNOTATION);
	assert_non_null(strstr(c.why, "annotation io.boxlock.profile"));
}

static void test_choose_label(void **state)
{
	struct bl_choice c;

	(void)state;
	/* A Docker label beats Docker's image and the image annotations. */
	assert_int_equal(choose("{\"annotations\": {\"io.boxlock.image\": \"nginx:1\"}}",
				"{\"Config\": {\"Image\": \"boxlock-web\", \"Labels\": "
				"{\"io.boxlock.profile\": \"privileged\", \"other\": \"x\"}}}",
				NULL, &c),
			 0);
	assert_string_equal(c.profile, "privileged");
	assert_int_equal(c.source, BL_CHOICE_LABEL);
	assert_non_null(strstr(c.why, "Docker label"));
}

static void test_choose_docker_image(void **state)
{
	struct bl_choice c;

	(void)state;
	/* An image to match and no set: the caller must compile the profiles. */
	assert_int_equal(choose("{}", "{\"Config\": {\"Image\": \"boxlock-web\"}}", NULL, &c),
			 -EAGAIN);
	/* "boxlock-web" as given matches as Docker completes it, boxlock-web:latest. */
	assert_int_equal(choose("{}", "{\"Config\": {\"Image\": \"boxlock-web\", \"Labels\": {}}}",
				&set, &c),
			 0);
	assert_string_equal(c.profile, "web");
	assert_int_equal(c.source, BL_CHOICE_IMAGE);
	assert_string_equal(c.image, "boxlock-web");
	/* Docker's image beats the image annotations. */
	assert_int_equal(choose("{\"annotations\": {\"io.boxlock.image\": \"boxlock-web:1\"}}",
				"{\"Config\": {\"Image\": \"nginx:1.25\"}}", &set, &c),
			 0);
	assert_string_equal(c.profile, "nginx");
	/* A digest reference is matched as it is, never completed. */
	assert_int_equal(choose("{}",
				"{\"Config\": {\"Image\": \"registry.example/nginx@sha256:ab\"}}",
				&set, &c),
			 0);
	assert_string_equal(c.profile, "nginx");
	/* No profile's images match: default, and the reason says which image. */
	assert_int_equal(choose("{}", "{\"Config\": {\"Image\": \"busybox:1\"}}", &set, &c), 0);
	assert_string_equal(c.profile, "default");
	assert_int_equal(c.source, BL_CHOICE_DEFAULT);
	assert_non_null(strstr(c.why, "busybox:1"));
}

static void test_choose_image_annotations(void **state)
{
	static const char *const keys[] = {
		"io.boxlock.image",
		"io.kubernetes.cri.image-name",
		"io.kubernetes.cri-o.ImageName",
		"org.opencontainers.image.ref.name",
	};
	char oci[512];
	struct bl_choice c;

	(void)state;
	for (size_t i = 0; i < 4; i++) {
		snprintf(oci, sizeof(oci), "{\"annotations\": {\"%s\": \"nginx:1.25\"}}", keys[i]);
		assert_int_equal(choose(oci, NULL, NULL, &c), -EAGAIN);
		assert_int_equal(choose(oci, NULL, &set, &c), 0);
		assert_string_equal(c.profile, "nginx");
		assert_int_equal(c.source, BL_CHOICE_IMAGE);
		assert_non_null(strstr(c.why, keys[i]));
	}
	/* Two of them: the first listed wins (boxlock's own before the runtimes'). */
	assert_int_equal(choose("{\"annotations\": {\"io.kubernetes.cri.image-name\": \"nginx:1\", "
				"\"io.boxlock.image\": \"boxlock-web:2\"}}",
				NULL, &set, &c),
			 0);
	assert_string_equal(c.profile, "web");
}

static void test_choose_default(void **state)
{
	struct bl_choice c;

	(void)state;
	assert_int_equal(choose("{\"annotations\": {\"other\": \"x\"}}", NULL, NULL, &c), 0);
	assert_string_equal(c.profile, "default");
	assert_int_equal(c.source, BL_CHOICE_DEFAULT);
	assert_int_equal(choose("{}", "{\"Config\": {}}", NULL, &c), 0);
	assert_string_equal(c.profile, "default");
	/* An empty image is no image. */
	assert_int_equal(choose("{\"annotations\": {\"io.boxlock.image\": \"\"}}", NULL, NULL, &c),
			 0);
	assert_string_equal(c.profile, "default");
}

static void test_choose_bad_names(void **state)
{
	struct bl_choice c;

	(void)state;
	assert_int_equal(choose("{\"annotations\": {\"io.boxlock.profile\": \"../etc\"}}", NULL,
				NULL, &c),
			 -EINVAL);
	assert_non_null(strstr(c.why, "not a profile name"));
	assert_int_equal(choose("{\"annotations\": {\"io.boxlock.profile\": \"\"}}", NULL, NULL,
				&c),
			 -EINVAL);
	assert_int_equal(choose("{}",
				"{\"Config\": {\"Labels\": {\"io.boxlock.profile\": \"a b\"}}}",
				NULL, &c),
			 -EINVAL);
	assert_true(bl_profile_name_valid("web-2.x_y"));
	assert_false(bl_profile_name_valid("web/2"));
}

static void test_docker_config_path(void **state)
{
	char path[4096], oci[1024];
	json_t *j;

	(void)state;
	snprintf(oci, sizeof(oci),
		 "{\"mounts\": [{\"destination\": \"/proc\", \"source\": \"proc\"}, "
		 "{\"destination\": \"/etc/hostname\", \"source\": "
		 "\"/var/lib/docker/containers/%s/hostname\"}]}",
		 ID64);
	j = js(oci);
	assert_int_equal(bl_docker_config_path(j, ID64, path, sizeof(path)), 0);
	assert_string_equal(path, "/var/lib/docker/containers/" ID64 "/config.v2.json");
	/* Another container's id, or an id that is not Docker's: not this container's config. */
	assert_int_equal(bl_docker_config_path(j,
					       "fedcba9876543210fedcba9876543210fedcba9876543210"
					       "fedcba9876543210",
					       path, sizeof(path)),
			 -ENOENT);
	assert_int_equal(bl_docker_config_path(j, "ctr1", path, sizeof(path)), -ENOENT);
	json_decref(j);
	/* podman's hostname lives elsewhere; no mount at all. */
	snprintf(oci, sizeof(oci),
		 "{\"mounts\": [{\"destination\": \"/etc/hostname\", \"source\": "
		 "\"/var/lib/containers/storage/overlay-containers/%s/userdata/hostname\"}]}",
		 ID64);
	j = js(oci);
	assert_int_equal(bl_docker_config_path(j, ID64, path, sizeof(path)), -ENOENT);
	json_decref(j);
	j = js("{}");
	assert_int_equal(bl_docker_config_path(j, ID64, path, sizeof(path)), -ENOENT);
	json_decref(j);
}

/* shim.ini: [shim] runtime and profiles; a missing file is the defaults; anything else refused. */
static void test_config(void **state)
{
	char path[] = "/tmp/bl-test-shim.XXXXXX", why[512];
	struct bl_shim_config cfg;
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");

	(void)state;
	assert_non_null(f);
	fputs("; boxlock-runc\n[shim]\nruntime = /usr/bin/crun\nprofiles = /srv/profiles\n", f);
	fclose(f);
	assert_int_equal(bl_shim_config_read(path, &cfg, why, sizeof(why)), 0);
	assert_string_equal(cfg.runtime, "/usr/bin/crun");
	assert_string_equal(cfg.profiles, "/srv/profiles");

	f = fopen(path, "w");
	fputs("[shim]\nruntme = /usr/bin/crun\n", f);
	fclose(f);
	assert_int_equal(bl_shim_config_read(path, &cfg, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "runtme"));
	f = fopen(path, "w");
	fputs("[shim]\nruntime = crun\n", f);
	fclose(f);
	assert_int_equal(bl_shim_config_read(path, &cfg, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "absolute"));
	unlink(path);

	assert_int_equal(bl_shim_config_read(path, &cfg, why, sizeof(why)), 0);
	assert_string_equal(cfg.runtime, "");
	assert_string_equal(cfg.profiles, BL_SHIM_DEFAULT_PROFILES);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_args_containerd),
		cmocka_unit_test(test_args_forms),
		cmocka_unit_test(test_args_crun),
		cmocka_unit_test(test_args_double_dash),
		cmocka_unit_test(test_args_unknown_global),
		cmocka_unit_test(test_args_pass),
		cmocka_unit_test(test_args_run_restore),
		cmocka_unit_test(test_args_create_errors),
		cmocka_unit_test(test_choose_annotation),
		cmocka_unit_test(test_choose_label),
		cmocka_unit_test(test_choose_docker_image),
		cmocka_unit_test(test_choose_image_annotations),
		cmocka_unit_test(test_choose_default),
		cmocka_unit_test(test_choose_bad_names),
		cmocka_unit_test(test_docker_config_path),
		cmocka_unit_test(test_config),
	};

	/* One group: the unit runner counts each binary's last summary. */
	return cmocka_run_group_tests_name("shim", tests, set_up_profiles, tear_down_profiles);
}

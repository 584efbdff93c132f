// SPDX-License-Identifier: GPL-2.0
/*
 * boxlock doctor's cgroup names: which cgroups are named as a runtime names one container's
 * (each runtime's form, the monitors and parents that are not containers, containerd's
 * namespaces), and systemd's paths of slices.
 */
#include "unit.h"
#include "doctor/cgnames.h"

#define ID64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static const char *const namespaces[] = { "default", "k8s.io", NULL };

static bool is_container(const char *rel)
{
	return bl_cgname_is_container(rel, namespaces);
}

static void test_docker(void **state)
{
	(void)state;
	assert_true(is_container("system.slice/docker-" ID64 ".scope"));
	assert_true(is_container("boxlock.slice/docker-" ID64 ".scope"));
	assert_true(is_container("docker/" ID64));
	assert_true(is_container("my-parent/" ID64)); /* cgroupfs with a --cgroup-parent */
	assert_true(is_container("boxlock-test/doctor/docker/" ID64));
	/* Not containers: the parent, the daemon's own unit, ids of another length or case. */
	assert_false(is_container("docker"));
	assert_false(is_container("system.slice/docker.service"));
	assert_false(is_container("system.slice/docker.socket"));
	assert_false(is_container("system.slice/docker-" ID64 ".service"));
	assert_false(is_container("system.slice/docker-0123abc.scope"));
	assert_false(is_container("system.slice/docker-" ID64 "0.scope"));
	assert_false(is_container("docker/" ID64 "0"));
	assert_false(
		is_container("docker/0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789"
			     "abcdef"));
	assert_false(is_container("docker/notanid"));
}

static void test_podman(void **state)
{
	(void)state;
	assert_true(is_container("machine.slice/libpod-" ID64 ".scope"));
	assert_true(is_container("libpod_parent/libpod-" ID64));
	assert_true(is_container("libpod_parent/libpod-abc"));
	/* conmon, podman's monitor, runs on the host's side. */
	assert_false(is_container("machine.slice/libpod-conmon-" ID64 ".scope"));
	assert_false(is_container("libpod_parent/conmon"));
	assert_false(is_container("libpod_parent/libpod-conmon-" ID64));
	assert_false(is_container("libpod_parent/libpod-"));
	assert_false(is_container("libpod_parent"));
	assert_false(is_container("not_libpod_parent/libpod-abc"));
	assert_false(is_container("machine.slice"));
}

static void test_kubelet(void **state)
{
	(void)state;
	assert_true(is_container("kubepods.slice/kubepods-burstable.slice/"
				 "kubepods-burstable-pod1234.slice/cri-containerd-" ID64 ".scope"));
	assert_true(is_container("kubepods.slice/kubepods-besteffort.slice/"
				 "kubepods-besteffort-pod1.slice/crio-" ID64 ".scope"));
	assert_true(is_container("kubepods/burstable/pod1234/" ID64));
	/* CRI-O's monitor, the pods' and the QoS classes' slices. */
	assert_false(is_container("kubepods.slice/kubepods-besteffort.slice/"
				  "kubepods-besteffort-pod1.slice/crio-conmon-" ID64 ".scope"));
	assert_false(is_container("kubepods.slice/kubepods-burstable.slice/"
				  "kubepods-burstable-pod1234.slice"));
	assert_false(is_container("kubepods/burstable/pod1234"));
	assert_false(is_container("system.slice/cri-containerd-.scope"));
	assert_false(is_container("system.slice/crio.service"));
}

static void test_containerd_namespaces(void **state)
{
	(void)state;
	assert_true(is_container("default/redis"));
	assert_true(is_container("k8s.io/anything"));
	/* The namespace itself, deeper cgroups, a namespace that is not one, no namespaces. */
	assert_false(is_container("default"));
	assert_false(is_container("default/redis/sub"));
	assert_false(is_container("other/redis"));
	assert_false(is_container("defaults/redis"));
	assert_false(is_container("x/default/redis"));
	assert_false(bl_cgname_is_container("default/redis", NULL));
	assert_false(is_container(""));
	assert_false(is_container("default/"));
}

static void test_slice_path(void **state)
{
	char buf[256];

	(void)state;
	assert_int_equal(bl_cgname_slice_path("system.slice", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "system.slice");
	assert_int_equal(bl_cgname_slice_path("boxlock.slice", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "boxlock.slice");
	assert_int_equal(bl_cgname_slice_path("a-b-c.slice", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "a.slice/a-b.slice/a-b-c.slice");
	assert_int_equal(bl_cgname_slice_path("-.slice", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	/* Not slices' names. */
	assert_int_equal(bl_cgname_slice_path("docker", buf, sizeof(buf)), -EINVAL);
	assert_int_equal(bl_cgname_slice_path("/docker.slice", buf, sizeof(buf)), -EINVAL);
	assert_int_equal(bl_cgname_slice_path(".slice", buf, sizeof(buf)), -EINVAL);
	assert_int_equal(bl_cgname_slice_path("-a.slice", buf, sizeof(buf)), -EINVAL);
	assert_int_equal(bl_cgname_slice_path("a--b.slice", buf, sizeof(buf)), -EINVAL);
	assert_int_equal(bl_cgname_slice_path("a-.slice", buf, sizeof(buf)), -EINVAL);
	assert_int_equal(bl_cgname_slice_path("a.scope", buf, sizeof(buf)), -EINVAL);
	/* Too long for the buffer. */
	assert_int_equal(bl_cgname_slice_path("a-b-c.slice", buf, 12), -ENAMETOOLONG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_docker),	   cmocka_unit_test(test_podman),
		cmocka_unit_test(test_kubelet),	   cmocka_unit_test(test_containerd_namespaces),
		cmocka_unit_test(test_slice_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

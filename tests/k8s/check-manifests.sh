#!/usr/bin/env bash
# Validates deploy/kubernetes/ offline, on this machine (no cluster): what would make the
# DaemonSet fail on a node or leave a node unprotected. kubectl cannot validate a manifest without
# a server (`create --dry-run=client` still asks the API for its kinds), so: `kubectl kustomize`
# renders the set (YAML syntax, the kustomization's resources), python3's yaml checks the fields
# that matter, the ConfigMap must be what scripts/k8s-configmap.sh makes of profiles/ now, and
# every profile in it must compile. Prints PASS/FAIL/SKIP lines; exits 0, 1 on a failure, or 77
# when the tools are missing (python3 with yaml: Debian's python3-yaml).
set -uo pipefail
cd "$(dirname "$0")/../.."
K8S=deploy/kubernetes
BOXLOCK=${BOXLOCK_OUT:-$PWD/.output}/boxlock
failed=0
pass() { echo "PASS: k8s: $*"; }
fail() {
	echo "FAIL: k8s: $*"
	failed=1
}

if ! python3 -c 'import yaml, tomllib' 2>/dev/null; then
	echo "SKIP: k8s: python3 with yaml and tomllib (python3-yaml, Python 3.11) is missing"
	exit 77
fi

if diff -u "$K8S/configmap-profiles.yaml" <(scripts/k8s-configmap.sh -) >/tmp/k8s-cm.diff; then
	pass "configmap-profiles.yaml is what scripts/k8s-configmap.sh makes of profiles/"
else
	fail "configmap-profiles.yaml is out of date: run scripts/k8s-configmap.sh"
	head -n 20 /tmp/k8s-cm.diff
fi

if command -v kubectl >/dev/null; then
	# An empty kubeconfig: nothing here may reach a cluster.
	kc=$(mktemp)
	if KUBECONFIG=$kc kubectl kustomize "$K8S" >/tmp/k8s-rendered.yaml 2>/tmp/k8s-kustomize.err
	then
		pass "kubectl kustomize renders $K8S ($(grep -c '^kind:' /tmp/k8s-rendered.yaml) objects)"
	else
		fail "kubectl kustomize $K8S: $(tail -n 3 /tmp/k8s-kustomize.err)"
	fi
	rm -f "$kc"
else
	echo "SKIP: k8s: no kubectl (Debian: kubernetes-client): kustomization not rendered"
fi

# The fields, one PASS/FAIL line each.
python3 - "$K8S" "$BOXLOCK" <<'PY' || failed=1
import glob, os, subprocess, sys, tempfile, tomllib, yaml

k8s, boxlock = sys.argv[1], sys.argv[2]
bad = 0
def check(ok, what):
    global bad
    print(("PASS: k8s: " if ok else "FAIL: k8s: ") + what)
    bad |= not ok

docs = {}
for f in sorted(glob.glob(k8s + "/*.yaml")):
    if f.endswith("kustomization.yaml"):
        continue
    for d in yaml.safe_load_all(open(f)):
        ok = isinstance(d, dict) and all(d.get(k) for k in ("apiVersion", "kind", "metadata")) \
             and d["metadata"].get("name")
        check(bool(ok), f"{f}: apiVersion, kind and metadata.name")
        if ok:
            docs[d["kind"]] = d
kust = yaml.safe_load(open(k8s + "/kustomization.yaml"))
listed = sorted(kust.get("resources", []))
files = sorted(os.path.basename(f) for f in glob.glob(k8s + "/*.yaml")
               if not f.endswith("kustomization.yaml"))
check(listed == files, f"kustomization lists every manifest ({', '.join(listed)})")

for kind in ("Namespace", "ServiceAccount", "ConfigMap", "DaemonSet", "RuntimeClass"):
    check(kind in docs, f"a {kind}")
for kind in ("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"):
    check(kind not in docs, f"no {kind}: the daemon does not call the API")
ns = docs.get("Namespace", {}).get("metadata", {}).get("name")
for kind in ("ServiceAccount", "ConfigMap", "DaemonSet"):
    got = docs.get(kind, {}).get("metadata", {}).get("namespace")
    check(got == ns, f"{kind} in namespace {ns} (is {got})")

# The ConfigMap is profiles/, byte for byte, and every profile in it compiles.
cm = docs.get("ConfigMap", {}).get("data", {})
shipped = {os.path.basename(f): open(f).read() for f in glob.glob("profiles/*.ini")}
check(cm == shipped, f"ConfigMap boxlock-profiles holds profiles/*.ini as they are ({len(cm)} files)")
check("default.ini" in cm, "ConfigMap has default.ini (the daemon refuses a set without it)")
if os.access(boxlock, os.X_OK) and cm:
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in cm.items():
            open(os.path.join(tmp, name), "w").write(text)
        r = subprocess.run([boxlock, "profile", "check"] + sorted(glob.glob(tmp + "/*.ini")),
                           capture_output=True, text=True)
        check(r.returncode == 0, "every profile in the ConfigMap compiles (boxlock profile check)"
              + ("" if r.returncode == 0 else ": " + r.stderr.strip()[:300]))
else:
    print(f"SKIP: k8s: {boxlock} not built: ConfigMap profiles not compiled")

ds = docs.get("DaemonSet", {})
spec = ds.get("spec", {})
tpl = spec.get("template", {})
pod = tpl.get("spec", {})
sel = spec.get("selector", {}).get("matchLabels", {})
labels = tpl.get("metadata", {}).get("labels", {})
check(sel and all(labels.get(k) == v for k, v in sel.items()), "selector matches the pod's labels")
check(pod.get("hostPID") is True, "hostPID (the daemon enters the host's namespaces)")
us = spec.get("updateStrategy", {})
check(us.get("type") == "RollingUpdate" and
      us.get("rollingUpdate", {}).get("maxUnavailable") == 1, "RollingUpdate, maxUnavailable 1")
check({"operator": "Exists"} in pod.get("tolerations", []), "tolerates every taint (all nodes)")
check(pod.get("serviceAccountName") == docs.get("ServiceAccount", {}).get("metadata", {}).get("name"),
      "runs as the ServiceAccount defined here")
rc = docs.get("RuntimeClass", {})
check(pod.get("runtimeClassName") == rc.get("metadata", {}).get("name"),
      "runs under the bootstrap RuntimeClass (not under the shim it installs)")
cons = {c["name"]: c for c in pod.get("containers", [])}
inits = {c["name"]: c for c in pod.get("initContainers", [])}
daemon = cons.get("daemon", {})
check(bool(daemon), "a container named daemon")
for name, c in list(cons.items()) + list(inits.items()):
    check(bool(c.get("image")), f"container {name} has an image")
    check(bool(c.get("resources", {}).get("requests")) or name in inits,
          f"container {name} has resource requests")
check(daemon.get("securityContext", {}).get("privileged") is True, "daemon is privileged")
check(inits.get("install", {}).get("securityContext", {}).get("privileged") is True,
      "init container install is privileged (it writes /opt/boxlock on the node)")
vols = {v["name"]: v for v in pod.get("volumes", [])}
mounts = {m["mountPath"]: m for m in daemon.get("volumeMounts", [])}
for path in ("/sys/fs/bpf", "/sys/fs/cgroup", "/sys/kernel/security", "/run/boxlock",
             "/var/log/boxlock"):
    m = mounts.get(path)
    hp = vols.get(m["name"], {}).get("hostPath", {}).get("path") if m else None
    check(hp == path, f"daemon mounts the host's {path} at {path} (hostPath {hp})")
check(vols.get("profiles", {}).get("configMap", {}).get("name") == "boxlock-profiles",
      "the profiles volume is the ConfigMap boxlock-profiles")
args = daemon.get("args", [])
check("--no-docker" in args and any(a.startswith("--profiles=") for a in args),
      "daemon args: --no-docker --profiles=DIR")
metrics = [a.split("=", 1)[1] for a in args if a.startswith("--metrics=")]
ports = [p.get("containerPort") for p in daemon.get("ports", [])]
check(metrics and metrics[0].endswith(":9477") and 9477 in ports,
      f"metrics: --metrics on 9477 and containerPort 9477 ({metrics}, {ports})")
probe = daemon.get("readinessProbe", {}).get("exec", {}).get("command", [])
check(probe[-1:] == ["status"] and probe[0].endswith("boxlock"), f"readiness probe: boxlock status ({probe})")
for name in ("install", "profiles-mirror"):
    c = inits.get(name) or cons.get(name) or {}
    cmd = (c.get("command") or [""])[0]
    check(os.path.exists("deploy/node/" + os.path.basename(cmd)),
          f"{name} runs {cmd}, which deploy/node/ has")

# The containerd snippet: boxlock-runc as CRI's default, the annotation passed on, runc kept
# for the RuntimeClass's handler, and the shim where install.sh puts it.
conf = tomllib.load(open(k8s + "/containerd-config.toml", "rb"))
cri = conf.get("plugins", {}).get("io.containerd.grpc.v1.cri", {}).get("containerd", {})
rts = cri.get("runtimes", {})
dflt = cri.get("default_runtime_name")
check(dflt in rts, f"containerd: default_runtime_name {dflt} is a runtime")
shim = rts.get(dflt, {})
check(shim.get("options", {}).get("BinaryName") == "/opt/boxlock/bin/boxlock-runc" and
      "/opt/boxlock/bin/" in open("deploy/node/install.sh").read(),
      "containerd: the default runtime's BinaryName is install.sh's boxlock-runc")
check("io.boxlock.profile" in shim.get("pod_annotations", []),
      "containerd: pod_annotations passes io.boxlock.profile to the OCI spec")
check(rc.get("handler") in rts and "BinaryName" not in rts.get(rc.get("handler"), {}).get("options", {}),
      f"containerd: the RuntimeClass handler {rc.get('handler')} is plain runc")
sys.exit(1 if bad else 0)
PY

for f in deploy/node/*.sh scripts/k8s-configmap.sh; do
	bash -n "$f" && pass "$f parses" || fail "$f: bash -n"
done
exit $failed

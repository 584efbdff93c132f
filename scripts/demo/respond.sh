# shellcheck shell=bash
# Act 5 of scripts/demo.sh (sourced in the guest): the Docker socket escape under a profile with
# `response = freeze`. The daemon, on the denial, writes 1 to the container's cgroup.freeze and
# adds "response" to the event; `container list` says it is frozen; the web container beside it
# (demo-web, act 2) goes on serving; `boxlock container release ID` thaws the offender, whose
# escape then ends as it would have: EPERM. Sets ESCAPER (whose event act 6 looks for) and FROZE.

say "Act 5, respond: the same escape under response = freeze; the offender frozen, its neighbour serving"
FROZE=0
cg_dir() { # a cgroup path as events and lists give it: absolute under /sys/fs/cgroup
	case $1 in
	/sys/fs/cgroup/*) echo "$1" ;;
	*) echo "/sys/fs/cgroup/${1#/}" ;;
	esac
}
frozen_of() { # CGROUP_DIR: its cgroup.events' frozen value, or "?"
	awk '$1 == "frozen" { print $2; f = 1 } END { if (!f) print "?" }' "$1/cgroup.events" 2>/dev/null ||
		echo "?"
}
wait_frozen() { # CGROUP_DIR WANT: up to 5 s for cgroup.events' frozen to read WANT
	local _
	for _ in $(seq 25); do
		[ "$(frozen_of "$1")" = "$2" ] && return 0
		sleep 0.2
	done
	return 1
}

cp "$REPO/scripts/demo/escape-freeze.ini" "$PROFILES_DIR/"
grep -E '^(response|extends|mode)' "$PROFILES_DIR/escape-freeze.ini" | sed 's/^/   escape-freeze.ini: /'
if ! cmd profile load "$PROFILES_DIR/escape-freeze.ini"; then
	missing freeze "the profile key 'response' (escape-freeze.ini does not load)"
	missing release "boxlock container release (nothing frozen to release)"
	return 0
fi

echo "   \$ docker run -d --label io.boxlock.profile=escape-freeze \\"
echo "       -v /var/run/docker.sock:/var/run/docker.sock boxlock-client \\"
echo "       docker run -v /:/host boxlock-bb cat /host/etc/hostname"
# It waits to be listed (named in events), tries, says how it ended, then stays for the operator.
if ! timeout 300 "$DOCKER" run -d --name demo-freeze --network none \
	--label io.boxlock.profile=escape-freeze -v /var/run/docker.sock:/var/run/docker.sock \
	boxlock-client sh -c 'sleep 3; docker run --rm --network none -v /:/host boxlock-bb \
		cat /host/etc/hostname; echo "the escape exited with status $?"; exec sleep 600' \
	>/dev/null || ! wait_listed demo-freeze; then
	failed freeze "the offender did not start: $("$DOCKER" logs demo-freeze 2>&1 | tail -n 2)"
	missing release "not tried"
	return 0
fi
ESCAPER=demo-freeze
echo "   bound to $(field demo-freeze .profile) ($(field demo-freeze .mode)) by its label"
OFFENDER_ID=$(field demo-freeze .id)
DENIAL='.container.name == "demo-freeze" and .verdict == "denied"'
for _ in $(seq 100); do
	[ -n "$(log_events "$DENIAL")" ] && break
	sleep 0.2
done
ev=$(log_events "$DENIAL and .response" | head -n 1)
[ -n "$ev" ] || ev=$(log_events "$DENIAL" | head -n 1)
show_events demo-freeze
action=$(jq -r '.response.action // empty' <<<"$ev")
ms=$(jq -r '.response.ms // empty' <<<"$ev")
cg=$(cg_dir "$(jq -r '.response.cgroup // empty' <<<"$ev")")
[ -n "$(jq -r '.response.cgroup // empty' <<<"$ev")" ] || cg=$(cg_dir "$(field demo-freeze .cgroup)")
if [ -z "$ev" ]; then
	failed freeze "no denial of demo-freeze was logged"
elif [ -z "$action" ]; then
	missing freeze "the daemon's response: the denial's event has no \"response\" and nothing froze (cgroup.events: frozen $(frozen_of "$cg"))"
elif [ "$action" != freeze ] || ! wait_frozen "$cg" 1; then
	failed freeze "response $(jq -c .response <<<"$ev"); $cg/cgroup.events: frozen $(frozen_of "$cg")"
else
	FROZE=1
	echo "   $cg/cgroup.events: $(grep frozen "$cg/cgroup.events")"
	echo "   the event's response: $(jq -c .response <<<"$ev") ($ms ms from the denial to cgroup.freeze; goal < 100 ms)"
	held freeze "demo-freeze denied and frozen by the daemon in $ms ms"
fi

if [ $FROZE -eq 1 ]; then
	# Nothing else froze: no host cgroup, and not the web container beside it.
	list
	web_cg=$(cg_dir "$(field demo-web .cgroup)")
	others=$(find /sys/fs/cgroup -name cgroup.events -exec grep -l '^frozen 1' {} + 2>/dev/null |
		xargs -r -n1 dirname | grep -vxF "$cg" | grep -v "^$cg/" || true)
	serve demo-web
	echo "   demo-web beside it: cgroup.events frozen $(frozen_of "$web_cg"), served $SERVED of 3 requests"
	echo "   other frozen cgroups on the machine: ${others:-none}"
	if [ "$(frozen_of "$web_cg")" = 0 ] && [ "$SERVED" -eq 3 ] && [ -z "$others" ] &&
		"$DOCKER" ps >/dev/null; then
		held isolate "only demo-freeze froze; demo-web served 3/3; dockerd answers"
	else
		failed isolate "demo-web frozen $(frozen_of "$web_cg"), served $SERVED/3; other frozen: ${others:-none}"
	fi

	echo "   \$ boxlock container list"
	"$BOXLOCK" container list 2>&1 | grep -E '^CONTAINER|demo-freeze|demo-web' | sed 's/^/     | /'
	if "$BOXLOCK" container list 2>/dev/null | grep demo-freeze | grep -qi frozen; then
		held list "container list shows demo-freeze frozen"
	else
		failed list "container list does not say demo-freeze is frozen"
	fi

	FREEZES='.container.name == "demo-freeze" and .response.action == "freeze"'
	n_freezes=$(log_events "$FREEZES" | wc -l)
	if ! cmd container release "$OFFENDER_ID"; then
		if grep -qiE 'unknown|usage' <<<"$("$BOXLOCK" container release "$OFFENDER_ID" 2>&1)"; then
			missing release "boxlock container release"
		else
			failed release "boxlock container release $OFFENDER_ID failed"
		fi
	elif ! wait_frozen "$cg" 0; then
		# `release` returns once cgroup.events says frozen 0. Thawed, the offender may try
		# the socket again at once (docker's client retries): denied, and frozen again.
		if [ "$(log_events "$FREEZES" | wc -l)" -gt "$n_freezes" ]; then
			echo "   released; the offender at once tried again, and was denied and frozen again:"
			log_events "$FREEZES" | tail -n 1 | jq -c '{time, hook, rule, response}' |
				sed 's/^/     | /'
			held release "released (frozen 0); it tried the socket again and was frozen again"
		else
			failed release "released, but $cg/cgroup.events: frozen $(frozen_of "$cg") with no new denial"
		fi
	else
		# Thawed, the escape ends as in act 4: EPERM, and the host's / never mounted.
		for _ in $(seq 50); do
			"$DOCKER" logs demo-freeze 2>&1 | grep -q 'the escape exited' && break
			sleep 0.2
		done
		echo "   $cg/cgroup.events: $(grep frozen "$cg/cgroup.events"); the offender, thawed, printed:"
		"$DOCKER" logs demo-freeze 2>&1 | sed 's/^/     | /'
		if "$DOCKER" logs demo-freeze 2>&1 | grep -qiE 'permission denied|not permitted' &&
			"$DOCKER" logs demo-freeze 2>&1 | grep -q 'exited with status [1-9]'; then
			held release "thawed; its escape then failed with EPERM"
		else
			failed release "thawed, but the escape did not end with EPERM"
		fi
	fi
	# Whatever happened above, the demo leaves nothing frozen behind.
	[ -w "$cg/cgroup.freeze" ] && echo 0 >"$cg/cgroup.freeze" 2>/dev/null || true
else
	missing release "not tried: nothing was frozen"
fi

# shellcheck shell=bash
# Act 6 of scripts/demo.sh (sourced in the guest): the escape's story as the metrics
# (`--metrics`, Prometheus text on /metrics) and the queue (`--publish`, Redis Streams) tell it.
# Uses METRICS_ON and PUBLISH_ON (the options the daemon took), ESCAPER and FROZE (act 5).

say "Act 6, report: the same story in the metrics and in the queue"

# family_with FAMILY PAIR...: the samples of FAMILY that carry every label="value" PAIR.
family_with() {
	local lines family=$1
	shift
	lines=$(grep "^${family}{" <<<"$METRICS" || true)
	for pair in "$@"; do
		lines=$(grep -F "$pair" <<<"$lines" || true)
	done
	printf '%s' "$lines"
}

if [ "$METRICS_ON" -ne 1 ]; then
	missing metrics "boxlock daemon --metrics $METRICS_ADDR"
else
	echo "   \$ curl -s http://$METRICS_ADDR/metrics"
	METRICS=$(curl -s --max-time 20 "http://$METRICS_ADDR/metrics" || true)
	printf '%s\n' "$METRICS" >"$KEEP/metrics.txt"
	events=$(family_with boxlock_events_total "container=\"$ESCAPER\"" 'verdict="denied"')
	audited=$(family_with boxlock_events_total 'container="demo-audit"' 'verdict="audited"')
	responses=$(family_with boxlock_responses_total "container=\"$ESCAPER\"" 'action="freeze"')
	printf '%s\n' "$audited" "$events" "$responses" | grep . | sed 's/^/     | /' || true
	echo "   ($(grep -c '^boxlock_' <<<"$METRICS" || true) samples in all; kept in .output/demo/metrics.txt)"
	if command -v promtool >/dev/null; then
		# Shown, not judged here: the metrics' own test judges the format.
		lint=$(promtool check metrics <<<"$METRICS" 2>&1) && lint=${lint:-no problems}
		echo "   promtool check metrics: $(head -n 3 <<<"$lint")"
	fi
	if [ -z "$METRICS" ]; then
		failed metrics "nothing served at http://$METRICS_ADDR/metrics"
	elif [ -z "$events" ] || [ -z "$audited" ]; then
		failed metrics "no boxlock_events_total for $ESCAPER (denied) and demo-audit (audited)"
	elif [ "$FROZE" -eq 1 ] && [ -z "$responses" ]; then
		failed metrics "no boxlock_responses_total{action=\"freeze\"} for $ESCAPER"
	else
		held metrics "boxlock_events_total counts the escapes$([ "$FROZE" -eq 1 ] &&
			echo ", boxlock_responses_total the freeze")"
	fi
fi

if [ "$PUBLISH_ON" -ne 1 ]; then
	missing queue "boxlock daemon --publish $PUBLISH_URL"
elif ! command -v redis-cli >/dev/null; then
	failed queue "redis-cli is not installed (scripts/deps.sh installs redis-tools)"
else
	# Every logged event, in order: wait until the stream holds as many as the log.
	logged=$(wc -l <"$EVENT_LOG")
	for _ in $(seq 50); do
		xlen=$(redis-cli -p 6379 XLEN "$STREAM" 2>/dev/null || true)
		[[ $xlen =~ ^[0-9]+$ ]] || xlen=0 # an error reply counts as nothing there
		[ "$xlen" -ge "$logged" ] && break
		sleep 0.2
	done
	echo "   \$ redis-cli XLEN $STREAM: $xlen (events in the log: $logged)"
	echo "   \$ redis-cli XRANGE $STREAM - +   (the escape's entries; all kept in .output/demo/stream.txt)"
	redis-cli -p 6379 --raw XRANGE "$STREAM" - + >"$KEEP/stream.txt" 2>&1 || true
	# An entry's fields come as name and value lines: the event is the value that is JSON.
	entries=$(grep -E "\"name\": ?\"$ESCAPER\"" "$KEEP/stream.txt" || true)
	brief=$(jq -c '{time, verdict, hook, profile, container: .container.name, response}' \
		<<<"$entries" 2>/dev/null) || brief=$entries # not one JSON event a line: shown as is
	[ -n "$brief" ] && sed 's/^/     | /' <<<"$brief"
	if [ -z "$entries" ]; then
		failed queue "no entry of $ESCAPER in the stream $STREAM (XLEN $xlen)"
	elif [ "$FROZE" -eq 1 ] && ! grep -qE '"action": ?"freeze"' <<<"$entries"; then
		failed queue "$ESCAPER's entries in $STREAM carry no freeze response"
	elif [ "$xlen" -ne "$logged" ]; then
		failed queue "the stream holds $xlen entries, the log $logged events"
	else
		held queue "$STREAM holds every logged event ($xlen), the escape's among them"
	fi
fi

# The chart of `make bench`: each state's time per op over state A's (boxlock not loaded), median
# and min-max over the rounds, per benchmark, on a log scale. scripts/bench.sh calls:
#   gnuplot -e "datafile='...'; setup='...'; outfile='...'; subtitle='...'" bench/overhead.gp
# datafile: one block per state (two blank lines between), first line its name, then
#   "BENCH_INDEX RATIO_MEDIAN RATIO_MIN RATIO_MAX" per benchmark. setup: a gnuplot file that sets
#   nstates and the xtics (the benchmark names).

load setup
set terminal pngcairo size 1500,820 font "sans,11" noenhanced
set output outfile
set title "boxlock: time per op against boxlock not loaded (state A), same guest boot\n".subtitle
set logscale y
set ytics ("-90%%" 0.1, "-75%%" 0.25, "-50%%" 0.5, "-25%%" 0.75, "-10%%" 0.9, "0" 1, "+10%%" 1.1, "+25%%" 1.25, \
	"+50%%" 1.5, "+100%%" 2, "+200%%" 3, "+300%%" 4, "+400%%" 5, "+700%%" 8, "+900%%" 10, "+1900%%" 20)
set ylabel "overhead (log scale of the ratio; dot: median, bar: min-max of the rounds)"
set grid ytics
set xrange [-0.6:nbenches - 0.4]
set key outside right top vertical Left reverse spacing 1.2 title "state"
set arrow 1 from -0.6,1.02 to nbenches - 0.4,1.02 nohead dt 2 lc rgb "#cc0000" front
set label 1 "goal, contained: +2%" at -0.55,1.045 tc rgb "#cc0000" front
set arrow 2 from -0.6,1 to nbenches - 0.4,1 nohead lw 1.5 lc rgb "#000000" back
do for [i=1:nbenches-1] {
	set arrow (10 + i) from i - 0.5, graph 0 to i - 0.5, graph 1 nohead lc rgb "#bbbbbb" back
}

# Outside (B*): circles; default (C*): squares; learning (L*): pentagons; rule counts (D*):
# triangles; audit (E*): diamonds. In the order of the states in bench/run-guest.sh:
# B C L Lr D1 D100 D8k Dnet E E0 C100 C10k B10k.
array pt[13] = [7, 5, 15, 14, 9, 9, 9, 11, 13, 12, 5, 5, 7]
array lc[13] = ["#1f77b4", "#2ca02c", "#000000", "#7f7f7f", "#ff7f0e", "#d62728", "#8c564b", \
	"#9467bd", "#e377c2", "#bcbd22", "#17becf", "#006400", "#000080"]
w = 0.8 / nstates
xpos(b, j) = b + (j - (nstates - 1) / 2.0) * w

plot for [j=0:nstates-1] datafile index j using (xpos($1, j)):2:3:4 \
	with yerrorbars pt pt[j % 13 + 1] ps 1.3 lw 1.5 lc rgb lc[j % 13 + 1] title columnheader(1)

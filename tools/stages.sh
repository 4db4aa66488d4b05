#!/usr/bin/env bash
# Runs `make` targets as stages and ends with a table of each stage's wall time and CPU time, also
# when a stage fails (the table, then the failed stage's exit status). `make test` is this script
# over the Makefile's TEST_STAGES, so the table of a slow submission is at the end of its CI log.
#   tools/stages.sh [STAGE...]   STAGE = a make target; "bg:name" starts it in the background (its
#                                output is held back and printed when it is joined); "wait" joins
#                                every background stage started so far.
# CPU is user + system time of the stage's processes (both cores busy: CPU ≈ 2 × wall); "busy" is the
# machine's share of non-idle CPU time over the stage's wall time, all cores and every process
# counted (background stages and browsers included), so a stage that leaves a core idle shows ≈ 50 %
# on 2 cores. The table is also written to target/stages.txt.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

tick=$(getconf CLK_TCK)
names=() walls=() cpus=() busys=() states=()
declare -A bg_pid=() bg_log=() bg_row=()
run_start=$(date +%s.%N)

now() { date +%s.%N; }
# CPU ticks (user + system) of shell PID's finished children: fields 16 and 17 of /proc/PID/stat.
child_ticks() { awk '{print $16 + $17}' "/proc/$1/stat"; }
# Machine-wide "<busy ticks> <all ticks>" from /proc/stat: user … steal (guest time is already in
# user), idle and iowait not busy.
machine_ticks() { awk '/^cpu / { all = 0; for (i = 2; i <= 9; i++) all += $i; print all - $5 - $6, all; exit }' /proc/stat; }

# Runs one make target; prints "<wall s> <cpu s> <busy %>" to fd 3 and returns the target's status.
timed_make() {
  local start ticks0 machine0 rc shell=$BASHPID
  start=$(now)
  ticks0=$(child_ticks "$shell")
  machine0=$(machine_ticks)
  make --no-print-directory "$1"
  rc=$?
  awk -v a="$start" -v b="$(now)" -v t0="$ticks0" -v t1="$(child_ticks "$shell")" -v hz="$tick" \
    -v m0="$machine0" -v m1="$(machine_ticks)" \
    'BEGIN { split(m0, p); split(m1, q); all = q[2] - p[2]
             printf "%.0f %.0f %.0f\n", b - a, (t1 - t0) / hz, (all > 0 ? 100 * (q[1] - p[1]) / all : 0) }' >&3
  return $rc
}

add_row() { # name wall cpu busy state
  names+=("$1") walls+=("$2") cpus+=("$3") busys+=("$4") states+=("$5")
}

table() {
  local total i line
  total=$(awk -v a="$run_start" -v b="$(now)" 'BEGIN { printf "%.0f", b - a }')
  {
    printf '\n%-22s %8s %8s %6s  %s\n' "stage" "wall" "cpu" "busy" "result"
    for i in "${!names[@]}"; do
      printf '%-22s %8s %8s %6s  %s\n' "${names[$i]}" "$(mmss "${walls[$i]}")" "$(mmss "${cpus[$i]}")" \
        "${busys[$i]:+${busys[$i]}%}" "${states[$i]}"
    done
    printf '%-22s %8s %8s %6s  %s\n' "total" "$(mmss "$total")" "" "$(total_busy)" "load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
  } | tee target/stages.txt
}

# The machine's busy share since the run began.
total_busy() {
  awk -v m0="$run_machine" -v m1="$(machine_ticks)" \
    'BEGIN { split(m0, p); split(m1, q); all = q[2] - p[2]; if (all > 0) printf "%.0f%%", 100 * (q[1] - p[1]) / all }'
}

mmss() { [ -n "$1" ] && printf '%d:%02d' $(( $1 / 60 )) $(( $1 % 60 )); }

# Joins every background stage, also after one has failed (each one's output and row are shown);
# returns the first failure's status.
join_background() {
  local name rc times first=0
  for name in "${!bg_pid[@]}"; do
    wait "${bg_pid[$name]}"
    rc=$?
    echo "==> stage $name (background) output:"
    cat "${bg_log[$name]}"
    local i=${bg_row[$name]} wall=0 cpu=0 busy=0
    read -r wall cpu busy < "${bg_log[$name]}.times"
    walls[$i]=$wall cpus[$i]=$cpu busys[$i]=$busy
    if [ "$rc" -eq 0 ]; then states[$i]="ok (background)"; else states[$i]="FAILED (background, exit $rc)"; fi
    rm -f "${bg_log[$name]}" "${bg_log[$name]}.times"
    unset "bg_pid[$name]"
    if [ "$rc" -ne 0 ] && [ "$first" -eq 0 ]; then first=$rc; fi
  done
  return "$first"
}

fail() { # rc; the stages after the failed one are listed as not run
  local later
  for later in "${stages[@]:$((position + 1))}"; do
    [ "$later" = wait ] || add_row "${later#bg:}" "" "" "" "not run"
  done
  table
  echo "[stages] stopped: a stage failed (exit $1)" >&2
  exit "$1"
}

run_machine=$(machine_ticks)
mkdir -p target
stages=("$@")
for position in "${!stages[@]}"; do
  stage=${stages[$position]}
  if [ "$stage" = wait ]; then
    join_background || fail $?
  elif [[ "$stage" == bg:* ]]; then
    name=${stage#bg:}
    log=$(mktemp)
    echo "==> stage $name (background, output held until it is joined)"
    ( timed_make "$name" 3>"$log.times" >"$log" 2>&1 ) &
    bg_pid[$name]=$!
    bg_log[$name]=$log
    bg_row[$name]=${#names[@]}
    add_row "$name" "" "" "" "running"
  else
    echo "==> stage $stage"
    times_file=$(mktemp)
    # In a subshell: its children are only this stage's make. The main shell's would also count a
    # background stage that bash reaps meanwhile (its CPU landed in the stage it ended during).
    ( timed_make "$stage" 3>"$times_file" )
    rc=$?
    read -r wall cpu busy < "$times_file"
    rm -f "$times_file"
    if [ "$rc" -eq 0 ]; then
      add_row "$stage" "$wall" "$cpu" "$busy" "ok"
    else
      add_row "$stage" "$wall" "$cpu" "$busy" "FAILED (exit $rc)"
      join_background
      fail "$rc"
    fi
  fi
done
join_background || fail $?
table

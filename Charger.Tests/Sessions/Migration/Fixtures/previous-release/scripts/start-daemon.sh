#!/bin/bash
# usage: start-daemon.sh <config> <logfile>; prints the daemon's pid
cd /work/wt-fixture
export CHARGER_API_KEY=fixture-control-key-0001
nohup Charger.Host/bin/Debug/net10.0/charger run --simulate --config "$1" < <(tail -f /dev/null) > "$2" 2>&1 &
echo $!

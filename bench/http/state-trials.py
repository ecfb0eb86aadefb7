#!/usr/bin/env python3
# Issue 19: state changes driven through the daemon's API against its built-in simulator (charger run --simulate),
# timed from the request that causes each change to /api/status showing the new STATE (polled every 10 ms).
# Includes the firmware's own reaction (a stop shows 7 after the state-7 entry pass). Prints every change over 1.1 s.
#   python3 bench/http/state-trials.py http://127.0.0.1:PORT KEY CYCLES   (8 timed changes per cycle)
import json, time, urllib.request, urllib.error, random, sys
url = sys.argv[1]; key = sys.argv[2]; n = int(sys.argv[3])
def req(path, body=None):
    r = urllib.request.Request(url + path, data=None if body is None else json.dumps(body).encode(), headers={"X-API-Key": key, "content-type": "application/json"})
    try:
        with urllib.request.urlopen(r, timeout=10) as f: return json.load(f)
    except urllib.error.HTTPError as e: return json.load(e)
def state():
    d = req("/api/status").get("data") or {}
    return d.get("STATE")
# cycle: plug->2, connect->3, start(auth)->4/5 via charge, charge->5, pause->6, resume->5, stop->7, disconnect, unplug->1
steps = [("sim","plug 32",2),("sim","connect",3),("start",None,None),("sim","charge",5),("sim","pause",6),("sim","resume",5),("stop",None,7),("sim","disconnect",7),("sim","unplug",1)]
random.seed(19)
lags=[]
for i in range(n):
    for kind,cmd,want in steps:
        time.sleep(random.uniform(0.2,1.5))
        t0=time.time()
        if kind=="sim": req("/api/simulator", {"command":cmd})
        elif kind=="start": req("/api/charge/start", {"user_id":"u"}); continue
        elif kind=="stop": req("/api/charge/stop", {})
        while state()!=want:
            time.sleep(0.01)
            if time.time()-t0>20: print("TIMEOUT", cmd, flush=True); break
        lag=time.time()-t0; lags.append(lag)
        if lag>1.1: print(f"{time.strftime('%H:%M:%S')} {cmd or kind} -> {want}: {lag:.2f}s", flush=True)
lags.sort(); print("n",len(lags),"median",lags[len(lags)//2],"max",lags[-1])

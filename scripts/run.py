"""`make run`: start the action server, the Rasa server and the web widget on localhost.

Ports: RASA_PORT (5005), ACTION_PORT (5055), WEB_PORT (8080). Tracker store: SQLite file in var/
by default (conversations survive a restart); see README for PostgreSQL and Redis.
Stops all three cleanly on Ctrl-C.
"""
import os
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bot.runtime import ROOT, make_assistant  # noqa: E402


def main() -> int:
    ports = {"rasa": int(os.environ.get("RASA_PORT", 5005)),
             "action": int(os.environ.get("ACTION_PORT", 5055)),
             "web": int(os.environ.get("WEB_PORT", 8080))}
    assistant = make_assistant(ROOT / "var", ROOT / "var" / "logs", ports=ports)
    stopping = False

    def stop(*_):
        nonlocal stopping
        if not stopping:
            stopping = True
            print("\nstopping …", flush=True)
            assistant.stop()
            sys.exit(0)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    print("starting the action server, the Rasa server and the widget (logs in var/logs/) …",
          flush=True)
    try:
        assistant.start()
    except Exception as error:  # noqa: BLE001 - report and clean up whatever did start
        print(f"could not start: {error}. See var/logs/.", file=sys.stderr)
        assistant.stop()
        return 1
    print(f"""
Verzuimwijzer is running.
  chat in the browser:  {assistant.web_url}
  REST channel:         POST {assistant.rest_url}  {{"sender": "u1", "message": "Hallo"}}
  health:               {assistant.rasa_url}/webhooks/rest/health , {assistant.action_url}/health
Press Ctrl-C to stop.""", flush=True)
    while True:
        for name, proc in list(assistant.processes.items()):
            if proc.poll() is not None:
                print(f"{name} stopped unexpectedly (exit {proc.returncode}); see var/logs/{name}.log",
                      file=sys.stderr)
                assistant.stop()
                return 1
        time.sleep(1)


if __name__ == "__main__":
    sys.exit(main())

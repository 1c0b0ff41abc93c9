"""`rasa data validate`, failing on every warning except the ones listed here with a reason.

Rasa's --fail-on-warnings cannot be used as is: it flags `utter_restart` as unused, but Rasa's
built-in action_restart utters it implicitly after /restart; likewise our action_off_topic utters
utter_chitchat and utter_out_of_scope.
"""
import re
import subprocess
import sys

ALLOWED = [
    re.compile(r"The utterance 'utter_restart' is not used in any story or rule"),
    # uttered by action_off_topic and action_goodbye when the message is no question about the situation
    re.compile(r"The utterance 'utter_(?:chitchat|out_of_scope|goodbye)' is not used in any story or rule"),
]
WARNING = re.compile(r"(UserWarning|WARNING|ERROR).*", re.I)
# Library deprecation noise from SQLAlchemy/pkg_resources/TensorFlow, not about our data.
NOISE = re.compile(r"DeprecationWarning|MovedIn20Warning|tensorflow|TF-TRT|pkg_resources|jax")


def main() -> int:
    result = subprocess.run(
        [sys.executable, "-m", "rasa", "data", "validate", "--config", "config.yml",
         "--domain", "domain.yml", "--data", "data"],
        capture_output=True, text=True)
    output = result.stdout + result.stderr
    problems = [line for line in output.splitlines()
                if WARNING.search(line) and not NOISE.search(line)
                and not any(a.search(line) for a in ALLOWED)]
    for line in problems:
        print(line)
    if result.returncode != 0 or problems:
        print(output[-3000:] if result.returncode != 0 else "")
        print(f"rasa data validate: {len(problems)} warning(s), exit {result.returncode}")
        return 1
    print("rasa data validate: OK (no warnings that matter)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Parses every DIR/*.eml with Python's email package (an independent MIME parser) for the tests.

    parse-mail.py DIR

Prints a JSON list, one object per message in file order: its headers (decoded), the text and
HTML bodies, and the attachments (filename, content type and content), plus `defects`: what the
parser found wrong with the message's structure.
"""
import email
import glob
import json
import os
import sys
from email import policy


def main():
    messages = []
    for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.eml"))):
        with open(path, "rb") as file:
            raw = file.read()
        message = email.message_from_bytes(raw, policy=policy.default)
        text = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        defects = [str(d) for part in message.walk() for d in part.defects]
        messages.append({
            "file": os.path.basename(path),
            "message_id": str(message["Message-ID"]),
            "from": str(message["From"]),
            "to": str(message["To"]),
            "reply_to": str(message["Reply-To"]) if message["Reply-To"] else None,
            "subject": str(message["Subject"]),
            "date": str(message["Date"]),
            "content_type": message.get_content_type(),
            "text": text.get_content() if text else None,
            "html": html.get_content() if html else None,
            "attachments": [{"filename": part.get_filename(), "content_type": part.get_content_type(),
                             "content": part.get_content() if part.get_content_maintype() == "text" else None}
                            for part in message.iter_attachments()],
            "raw": raw.decode("ascii", errors="replace"),
            "defects": defects,
        })
    print(json.dumps(messages))


if __name__ == "__main__":
    main()

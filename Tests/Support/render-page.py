#!/usr/bin/env python3
"""Renders an HTML file in headless Chromium over the DevTools protocol, for the test suite.

    render-page.py PAGE.html OUT_DIR

Writes OUT_DIR/page.png (full-page screenshot) and OUT_DIR/page.pdf, and prints one JSON object:
  requests  every URL the page asked for other than itself (its network requests)
  console   console messages, log entries and exceptions of level warning or error
  bars      every SVG bar segment: section id, bar label, key and count (data attributes)
  tiles     the headline tiles: verdict and count
  tables    every table's rows of cell texts, by section id
  elements  how many script, img, iframe, object and link elements the DOM has
  text      the page's visible text
Exits non-zero when Chromium cannot be started or the page does not load.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import websocket  # websocket-client, from PyPI

EXTRACT = r"""
JSON.stringify({
  bars: [...document.querySelectorAll('rect[data-count]')].map(r => ({
    section: r.closest('section').id, label: r.closest('g').dataset.label, key: r.dataset.key, count: +r.dataset.count})),
  tiles: [...document.querySelectorAll('.tile[data-verdict]')].map(t => ({verdict: t.dataset.verdict, count: +t.querySelector('b').textContent})),
  tables: [...document.querySelectorAll('table')].map(t => ({
    section: t.closest('section') ? t.closest('section').id : '',
    rows: [...t.querySelectorAll('tr')].map(r => [...r.children].map(c => c.textContent))})),
  cells: [...document.querySelectorAll('td[data-alignment]')].map(c => ({
    row: c.parentElement.querySelector('th').textContent, alignment: c.dataset.alignment})),
  elements: document.querySelectorAll('script, img, iframe, object, embed, link').length,
  text: document.body.innerText
})
"""


def main():
    page, out = os.path.abspath(sys.argv[1]), sys.argv[2]
    profile = tempfile.mkdtemp(prefix="peercert-chromium-")
    browser = subprocess.Popen(
        [shutil.which("chromium") or "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
         f"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port_file = os.path.join(profile, "DevToolsActivePort")
        for _ in range(300):
            if os.path.exists(port_file) and len(open(port_file).read().split("\n")) >= 2:
                break
            time.sleep(0.05)
        port, path = open(port_file).read().split("\n")[:2]
        socket = websocket.create_connection(f"ws://127.0.0.1:{port}{path}", timeout=60)
        counter = [0]
        events = []

        def call(method, params=None, session=None):
            counter[0] += 1
            message = {"id": counter[0], "method": method, "params": params or {}}
            if session:
                message["sessionId"] = session
            socket.send(json.dumps(message))
            while True:
                reply = json.loads(socket.recv())
                if reply.get("id") == counter[0]:
                    if "error" in reply:
                        raise RuntimeError(f"{method}: {reply['error']}")
                    return reply["result"]
                events.append(reply)

        target = call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ["Network", "Log", "Runtime", "Page"]:
            call(f"{domain}.enable", session=session)
        url = "file://" + page
        call("Page.navigate", {"url": url}, session=session)
        deadline = time.time() + 60
        while not any(e.get("method") == "Page.loadEventFired" for e in events):
            if time.time() > deadline:
                sys.exit("the page did not load within 60 s")
            events.append(json.loads(socket.recv()))
        time.sleep(0.3)  # late console messages
        extracted = json.loads(call("Runtime.evaluate", {"expression": EXTRACT, "returnByValue": True}, session=session)["result"]["value"])
        import base64
        shot = call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, session=session)
        with open(os.path.join(out, "page.png"), "wb") as file:
            file.write(base64.b64decode(shot["data"]))
        pdf = call("Page.printToPDF", {"printBackground": True}, session=session)
        with open(os.path.join(out, "page.pdf"), "wb") as file:
            file.write(base64.b64decode(pdf["data"]))
        page_events = [e for e in events if e.get("sessionId") == session]
        requests = [e["params"]["request"]["url"] for e in page_events
                    if e.get("method") == "Network.requestWillBeSent" and e["params"]["request"]["url"] != url]
        console = []
        for e in page_events:
            method, params = e.get("method"), e.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "warning", "assert"):
                console.append(" ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
            elif method == "Log.entryAdded" and params["entry"].get("level") in ("error", "warning"):
                console.append(params["entry"].get("text", ""))
            elif method == "Runtime.exceptionThrown":
                console.append(params["exceptionDetails"].get("text", "exception"))
        print(json.dumps({"requests": requests, "console": console, **extracted}))
        socket.close()
    finally:
        browser.terminate()
        try:
            browser.wait(10)
        except subprocess.TimeoutExpired:
            browser.kill()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()

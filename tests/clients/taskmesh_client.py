"""A Taskmesh client in Python with only the standard library.

It talks to its own Dapr sidecar (DAPR_HTTP_PORT) and reaches tasks-api by
service invocation, the way any app in any language uses Taskmesh:
    POST http://127.0.0.1:$DAPR_HTTP_PORT/v1.0/invoke/tasks-api/method/<path>

Run: DAPR_HTTP_PORT=3599 python3 taskmesh_client.py
Prints one JSON object with what it did.
"""

import json
import os
import sys
import urllib.error
import urllib.request
import uuid

SIDECAR = f"http://127.0.0.1:{os.environ.get('DAPR_HTTP_PORT', '3500')}"


def call(method, path, body=None, token=None):
    """Invokes tasks-api through the sidecar; returns (status, parsed JSON or None)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"{SIDECAR}/v1.0/invoke/tasks-api/method/{path}", data=data, method=method)
    request.add_header("content-type", "application/json")
    # The sidecar's API token (DAPR_API_TOKEN): a sidecar serves only its own app.
    if os.environ.get("DAPR_API_TOKEN"):
        request.add_header("dapr-api-token", os.environ["DAPR_API_TOKEN"])
    if token:
        request.add_header("authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            raw = response.read()
            return response.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        raw = error.read()
        return error.code, json.loads(raw) if raw else None


def main():
    email = f"python-{uuid.uuid4()}@example.test"
    status, registered = call("POST", "auth/register", {"email": email, "password": "from python, stdlib only"})
    if status != 201:
        sys.exit(f"register failed: {status} {registered}")
    token = registered["accessToken"]

    status, task = call("POST", "tasks", {"title": "Written in Python", "tags": ["python"]}, token)
    if status != 201:
        sys.exit(f"create failed: {status} {task}")
    _, listed = call("GET", "tasks?tags=python", token=token)
    status, completed = call("POST", f"tasks/{task['id']}/complete", token=token)
    _, bad = call("POST", "tasks", {"title": ""}, token)
    print(json.dumps({
        "userId": registered["user"]["id"],
        "created": task["id"],
        "listed": [t["id"] for t in listed["items"]],
        "completedStatus": completed["status"] if status == 200 else status,
        "badInputStatus": bad["status"],
        "badInputFields": [e["field"] for e in bad.get("errors", [])],
    }))


if __name__ == "__main__":
    main()

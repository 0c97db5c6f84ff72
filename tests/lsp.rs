//! `archc lsp` end to end: start the binary, speak JSON-RPC over its standard
//! input and output, and check the answers. Every wait has a timeout, so a
//! server that hangs fails the test instead of blocking it.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(20);

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
    /// Notifications received while waiting for something else.
    backlog: Vec<Value>,
}

impl Client {
    fn start(dir: &std::path::Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_archc"))
            .arg("lsp")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start archc lsp");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("Content-Length header")];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let value: Value = serde_json::from_slice(&body).expect("JSON body");
                if tx.send(value).is_err() {
                    return;
                }
            }
        });
        Client { child, stdin, messages: rx, next_id: 0, backlog: Vec::new() }
    }

    fn send(&mut self, value: Value) {
        let body = value.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{}", body.len(), body).expect("write to server");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn next_message(&mut self, deadline: Instant) -> Value {
        let left = deadline.saturating_duration_since(Instant::now());
        self.messages.recv_timeout(left).expect("the server answered in time")
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let msg = self.next_message(deadline);
            if msg.get("id") == Some(&json!(id)) && msg.get("method").is_none() {
                return msg;
            }
            self.backlog.push(msg);
        }
    }

    fn result(&mut self, method: &str, params: Value) -> Value {
        let response = self.request(method, params);
        assert!(response.get("error").is_none(), "{method} failed: {response}");
        response["result"].clone()
    }

    /// The server's exit code, once it has exited by itself.
    fn exit_code(&mut self) -> Option<i32> {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait for the server") {
                return status.code();
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        self.publication(uri)["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    /// The parameters of the next `publishDiagnostics` for `uri`.
    fn publication(&mut self, uri: &str) -> Value {
        let is_ours =
            |m: &Value| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"].as_str() == Some(uri);
        if let Some(pos) = self.backlog.iter().position(is_ours) {
            return self.backlog.remove(pos)["params"].clone();
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let msg = self.next_message(deadline);
            if is_ours(&msg) {
                return msg["params"].clone();
            }
            self.backlog.push(msg);
        }
    }
}

fn pos(line: u32, character: u32) -> Value {
    json!({"line": line, "character": character})
}

fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": pos(line, character)})
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags.iter().map(|d| d["code"].as_str().unwrap_or("").to_string()).collect()
}

const DESIGN: &str = "\
client web
service api \"API\" {
  replicas 2
  stateless
}
database db {
  replicas 3
  backup
}
web -> api : https
api -> db : sql tls
";

#[test]
fn language_server_session() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("design.arch");
    std::fs::write(&path, DESIGN).expect("write design");
    let uri = format!("file://{}", path.display());
    let mut c = Client::start(dir.path());

    let init = c.result(
        "initialize",
        json!({"processId": null, "rootUri": format!("file://{}", dir.path().display()), "capabilities": {}}),
    );
    let caps = &init["capabilities"];
    for cap in ["hoverProvider", "definitionProvider", "referencesProvider", "documentSymbolProvider"] {
        assert_eq!(caps[cap], json!(true), "{cap}");
    }
    assert_eq!(caps["documentFormattingProvider"], json!(true));
    assert_eq!(caps["renameProvider"], json!(true));
    c.notify("initialized", json!({}));

    // A design with an undefined endpoint: the error comes with a UTF-16 range.
    let broken = format!("{DESIGN}api -> cache\n");
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "arch", "version": 1, "text": broken}}),
    );
    let diags = c.diagnostics(&uri);
    assert!(codes(&diags).contains(&"undefined-component".to_string()), "{diags:?}");
    let undefined = diags.iter().find(|d| d["code"] == "undefined-component").expect("undefined-component");
    assert_eq!(undefined["range"]["start"], pos(11, 7));
    assert_eq!(undefined["range"]["end"], pos(11, 12));
    assert_eq!(undefined["severity"], json!(1));
    assert_eq!(undefined["source"], "archc");

    // Fixing it clears the error; a lint finding shows with its level.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": DESIGN}]}),
    );
    let published = c.publication(&uri);
    assert_eq!(published["version"], json!(2));
    let diags = published["diagnostics"].as_array().cloned().unwrap_or_default();
    assert!(!codes(&diags).contains(&"undefined-component".to_string()), "{diags:?}");
    assert!(diags.iter().all(|d| d["severity"] != json!(1)), "no errors left: {diags:?}");

    // Hover on a component reference (line 9, `api`), an attribute and a kind.
    let hover = c.result("textDocument/hover", at(&uri, 9, 8));
    let text = hover["contents"]["value"].as_str().expect("markdown hover");
    assert!(text.contains("**service** `api` \"API\""), "{text}");
    assert!(text.contains("replicas 2"), "{text}");
    let hover = c.result("textDocument/hover", at(&uri, 2, 4));
    let text = hover["contents"]["value"].as_str().expect("markdown hover");
    assert!(text.starts_with("**replicas**"), "{text}");
    assert!(text.contains("range"), "{text}");
    let hover = c.result("textDocument/hover", at(&uri, 5, 2));
    assert!(hover["contents"]["value"].as_str().unwrap_or("").starts_with("**database**"), "{hover}");

    // Definition of `db` from the link goes to its declaration.
    let def = c.result("textDocument/definition", at(&uri, 10, 8));
    assert_eq!(def["uri"], json!(uri));
    assert_eq!(def["range"], json!({"start": pos(5, 9), "end": pos(5, 11)}));

    // References of `api`: the declaration and two link endpoints.
    let refs = c.result(
        "textDocument/references",
        json!({"textDocument": {"uri": uri}, "position": pos(1, 9), "context": {"includeDeclaration": true}}),
    );
    let lines: Vec<u64> = refs
        .as_array()
        .expect("locations")
        .iter()
        .map(|l| l["range"]["start"]["line"].as_u64().unwrap_or(99))
        .collect();
    assert_eq!(lines, [1, 9, 10]);
    let refs = c.result(
        "textDocument/references",
        json!({"textDocument": {"uri": uri}, "position": pos(1, 9), "context": {"includeDeclaration": false}}),
    );
    assert_eq!(refs.as_array().map(Vec::len), Some(2));

    // Symbols: the three components, with kinds in the detail.
    let symbols = c.result("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}}));
    let names: Vec<&str> = symbols.as_array().expect("symbols").iter().filter_map(|s| s["name"].as_str()).collect();
    assert_eq!(names, ["web", "api", "db"]);
    assert_eq!(symbols[1]["detail"], "service \"API\"");

    // Completion: attribute names valid for a database, values of an enum, ids after an arrow.
    let with_text = |c: &mut Client, text: &str, version: i64| {
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
        c.diagnostics(&uri);
    };
    let labels = |v: &Value| -> Vec<String> {
        v.as_array().expect("items").iter().filter_map(|i| i["label"].as_str().map(str::to_string)).collect()
    };
    with_text(&mut c, &format!("{DESIGN}database other {{\n  \n}}\n"), 3);
    let items = labels(&c.result("textDocument/completion", at(&uri, 12, 2)));
    assert!(items.contains(&"consistency".to_string()) && items.contains(&"replicas".to_string()), "{items:?}");
    assert!(!items.contains(&"algorithm".to_string()), "load balancer attribute offered for a database: {items:?}");
    with_text(&mut c, &format!("{DESIGN}database other {{\n  consistency \n}}\n"), 4);
    let items = labels(&c.result("textDocument/completion", at(&uri, 12, 14)));
    assert_eq!(items, ["strong", "eventual", "causal", "read_your_writes"]);
    with_text(&mut c, &format!("{DESIGN}web -> \n"), 5);
    let items = labels(&c.result("textDocument/completion", at(&uri, 11, 7)));
    assert_eq!(items, ["api", "db", "web"]);
    with_text(&mut c, &format!("{DESIGN}\n"), 6);
    let items = labels(&c.result("textDocument/completion", at(&uri, 11, 0)));
    assert!(items.contains(&"load_balancer".to_string()) && items.contains(&"group".to_string()), "{items:?}");

    // Formatting: one edit that replaces the whole document with the canonical text.
    let messy = "client   web\nweb->api:https   // why\nservice api{replicas 2}\n";
    with_text(&mut c, messy, 7);
    let edits = c.result(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    let edits = edits.as_array().expect("edits");
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0]["newText"], "client web\nweb -> api : https   // why\nservice api { replicas 2 }\n");
    assert_eq!(edits[0]["range"], json!({"start": pos(0, 0), "end": pos(3, 0)}));

    // Rename `api` everywhere; an invalid name is refused with an error, not a crash.
    let edit = c.result(
        "textDocument/rename",
        json!({"textDocument": {"uri": uri}, "position": pos(1, 6), "newName": "backend"}),
    );
    let changes = edit["changes"][&uri].as_array().expect("edits for the document");
    assert_eq!(changes.len(), 2);
    assert!(changes.iter().all(|e| e["newText"] == "backend"));
    let refused = c.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": uri}, "position": pos(1, 6), "newName": "not valid"}),
    );
    assert!(refused.get("error").is_some(), "{refused}");

    // Requests about unknown documents or with bad parameters get errors.
    let unknown = c.request("textDocument/hover", at("file:///nowhere.arch", 0, 0));
    assert!(unknown.get("error").is_some(), "{unknown}");
    let bad = c.request("textDocument/hover", json!({"nonsense": true}));
    assert!(bad.get("error").is_some(), "{bad}");

    let shutdown = c.request("shutdown", Value::Null);
    assert!(shutdown.get("error").is_none(), "{shutdown}");
    // After shutdown every request is refused, not left unanswered.
    let late = c.request("textDocument/hover", at(&uri, 1, 9));
    assert_eq!(late["error"]["code"], json!(-32600), "{late}");
    c.notify("exit", Value::Null);
    assert_eq!(c.exit_code(), Some(0));
}

/// The protocol's exit code for `exit` without `shutdown` is 1.
#[test]
fn exit_without_shutdown_is_exit_code_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut c = Client::start(dir.path());
    c.result("initialize", json!({"processId": null, "capabilities": {}}));
    c.notify("initialized", json!({}));
    c.notify("exit", Value::Null);
    assert_eq!(c.exit_code(), Some(1));
}

#[test]
fn diagnostics_follow_imports_of_open_documents() {
    let dir = tempfile::tempdir().expect("temp dir");
    let main = dir.path().join("main.arch");
    let shared = dir.path().join("shared.arch");
    std::fs::write(&main, "import \"shared.arch\"\nclient web\nweb -> api : https\n").expect("write");
    std::fs::write(&shared, "").expect("write");
    let (main_uri, shared_uri) = (format!("file://{}", main.display()), format!("file://{}", shared.display()));
    let mut c = Client::start(dir.path());
    c.result("initialize", json!({"processId": null, "capabilities": {}}));
    c.notify("initialized", json!({}));
    let text = std::fs::read_to_string(&main).expect("read");
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": main_uri, "languageId": "arch", "version": 1, "text": text}}),
    );
    assert!(codes(&c.diagnostics(&main_uri)).contains(&"undefined-component".to_string()));
    // The unsaved text of an open import counts, not the file on disk.
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": shared_uri, "languageId": "arch", "version": 1, "text": "service api { replicas 2 }\n"}}),
    );
    let diags = c.diagnostics(&main_uri);
    assert!(!codes(&diags).contains(&"undefined-component".to_string()), "{diags:?}");
    // Definition across files.
    let def = c.result("textDocument/definition", at(&main_uri, 2, 8));
    assert_eq!(def["uri"], json!(shared_uri));
    c.request("shutdown", Value::Null);
    c.notify("exit", Value::Null);
    let _ = c.child.wait();
}

/// A file that another design imports is reviewed as part of that design,
/// as `archc check` on the directory reviews it: opened alone, its
/// components are not reported as unlinked.
#[test]
fn an_imported_file_is_reviewed_in_the_design_that_imports_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let main = dir.path().join("main.arch");
    let lib = dir.path().join("lib.arch");
    std::fs::write(
        &main,
        "import \"lib.arch\"\nclient web\nservice api { replicas 2 }\nweb -> api : https\napi -> db : tls\n",
    )
    .expect("write");
    std::fs::write(&lib, "database db { replicas 2; backup 24h }\n").expect("write");
    let alone = dir.path().join("alone.arch");
    std::fs::write(&alone, "database other { replicas 2; backup 24h }\n").expect("write");
    let uri = |p: &std::path::Path| format!("file://{}", p.display());
    let mut c = Client::start(dir.path());
    c.result("initialize", json!({"processId": null, "rootUri": uri(dir.path()), "capabilities": {}}));
    c.notify("initialized", json!({}));
    let text = std::fs::read_to_string(&lib).expect("read");
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri(&lib), "languageId": "arch", "version": 1, "text": text}}),
    );
    let diags = c.diagnostics(&uri(&lib));
    assert!(!codes(&diags).contains(&"orphan-component".to_string()), "{diags:?}");
    // A file nothing imports is its own design, and `other` is unlinked there.
    let text = std::fs::read_to_string(&alone).expect("read");
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri(&alone), "languageId": "arch", "version": 1, "text": text}}),
    );
    let diags = c.diagnostics(&uri(&alone));
    assert!(codes(&diags).contains(&"orphan-component".to_string()), "{diags:?}");
    // Every open document is published again, `lib.arch` unchanged.
    let diags = c.diagnostics(&uri(&lib));
    assert!(!codes(&diags).contains(&"orphan-component".to_string()), "{diags:?}");
    // Unsaved edits to the importer count: once it stops linking `db`, `db` is unlinked.
    let main_text = "import \"lib.arch\"\nclient web\nservice api { replicas 2 }\nweb -> api : https\n";
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri(&main), "languageId": "arch", "version": 1, "text": main_text}}),
    );
    let diags = c.diagnostics(&uri(&lib));
    assert!(codes(&diags).contains(&"orphan-component".to_string()), "{diags:?}");
    c.request("shutdown", Value::Null);
    c.notify("exit", Value::Null);
    let _ = c.child.wait();
}

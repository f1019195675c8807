//! The development web server: the built site from the output folder, a
//! live-reload script added to every HTML response (never to the files on
//! disk), the server-sent event stream that script listens to, and the
//! error overlay it shows while the sources do not build.
//!
//! Only files inside the output folder are served: the path is decoded
//! once, and any `.`/`..` segment, backslash, NUL, leftover `%` (double
//! encoding) or symlink leading out of the folder gives 404; the 404 page
//! itself is found the same way. No CORS headers are sent, so other sites
//! cannot read the responses, and [`guard`](super::guard) refuses requests
//! for other host names (DNS rebinding) and event streams opened by other
//! sites. Connections that do not send their request headers within
//! [`header_timeout`] are closed.

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream};
use tokio::sync::broadcast;

use super::guard::HostPolicy;

/// Where the browser script listens for rebuilds.
pub(crate) const EVENTS_PATH: &str = "/__alianse/events";

/// What the server tells open pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Notice {
    /// A rebuild changed pages: reload. Carries the rebuild's number.
    Reload(u64),
    /// A rebuild changed only stylesheets: swap them in place.
    Css(u64),
    /// The sources do not build: show this text over the page.
    BuildError(String),
}

/// Shared between the web server and the rebuild loop.
#[derive(Clone)]
pub(crate) struct Live {
    pub notices: broadcast::Sender<Notice>,
    /// The current build error, shown to pages that open while it lasts.
    pub error: Arc<Mutex<Option<String>>>,
}

impl Live {
    pub(crate) fn new() -> Live {
        let (notices, _) = broadcast::channel(64);
        Live {
            notices,
            error: Arc::new(Mutex::new(None)),
        }
    }

    /// Records and announces the outcome of a rebuild.
    pub(crate) fn announce(&self, notice: Notice) {
        if let Ok(mut error) = self.error.lock() {
            *error = match &notice {
                Notice::BuildError(text) => Some(text.clone()),
                _ => None,
            };
        }
        let _ = self.notices.send(notice);
    }

    fn current_error(&self) -> Option<String> {
        self.error.lock().ok().and_then(|e| e.clone())
    }
}

impl Default for Live {
    fn default() -> Self {
        Live::new()
    }
}

#[derive(Clone)]
struct AppState {
    /// The output folder as an absolute path. It may not exist yet (the
    /// first build failed), so it is made canonical for each request.
    root: Arc<PathBuf>,
    live: Live,
    hosts: HostPolicy,
}

/// The router: the event stream and the site's files, behind the host check.
/// `output` must be absolute (see [`super::resolve_output`]).
pub(crate) fn router(output: &Path, live: Live, hosts: HostPolicy) -> Router {
    let state = AppState {
        root: Arc::new(output.to_path_buf()),
        live,
        hosts,
    };
    Router::new()
        .route(EVENTS_PATH, axum::routing::get(events))
        .fallback(serve_file)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            check_host,
        ))
        .with_state(state)
}

/// Answers only requests addressed to this server (see [`super::guard`]),
/// and event streams only for its own pages.
async fn check_host(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
        .or_else(|| request.uri().authority().map(|a| a.to_string()));
    let Some(host) = host else {
        return (StatusCode::BAD_REQUEST, "a Host header is required\n").into_response();
    };
    // An absolute request target (`GET http://name/ HTTP/1.1`) must name
    // this server too.
    let target_ok = request
        .uri()
        .authority()
        .is_none_or(|a| state.hosts.allows_host(a.as_str()));
    if !state.hosts.allows_host(&host) || !target_ok {
        return (
            StatusCode::MISDIRECTED_REQUEST,
            "this development server only answers requests for localhost or its own address\n",
        )
            .into_response();
    }
    if request.uri().path() == EVENTS_PATH && !origin_allowed(request.headers(), state.hosts) {
        return (
            StatusCode::FORBIDDEN,
            "the event stream is only for pages of this server\n",
        )
            .into_response();
    }
    next.run(request).await
}

/// No `Origin` (a same-origin `EventSource`, or a tool), or this server.
fn origin_allowed(headers: &HeaderMap, hosts: HostPolicy) -> bool {
    headers
        .get_all(header::ORIGIN)
        .iter()
        .all(|o| o.to_str().is_ok_and(|o| hosts.allows_origin(o)))
}

/// How long a connection may take to send its request headers: 10 seconds,
/// or `ALIANSE_SERVE_HEADER_TIMEOUT_MS` milliseconds (for tests).
pub(crate) fn header_timeout() -> Duration {
    std::env::var("ALIANSE_SERVE_HEADER_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .filter(|&ms| ms > 0)
        .map_or(Duration::from_secs(10), Duration::from_millis)
}

/// Accepts connections and serves `router` on each over HTTP/1, closing
/// connections whose request headers do not arrive within `timeout`
/// (a slow client cannot hold connections open forever). Runs until
/// accepting fails.
pub(crate) async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    timeout: Duration,
) -> std::io::Error {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Too many open files and the like pass; wait a little.
            Err(e) if is_transient(&e) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
            Err(e) => return e,
        };
        let service = hyper_util::service::TowerToHyperService::new(router.clone());
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(timeout);
            // A client that hangs up or times out is no error of ours.
            let _ = builder
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
    }
}

fn is_transient(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        e.kind(),
        ConnectionAborted | ConnectionReset | Interrupted | WouldBlock
    ) || e
        .raw_os_error()
        .is_some_and(|code| code == 23 || code == 24)
}

async fn events(
    State(state): State<AppState>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let receiver = state.live.notices.subscribe();
    let mut first = vec![Event::default().event("hello").data("alianse")];
    if let Some(error) = state.live.current_error() {
        first.push(Event::default().event("build-error").data(error));
    }
    let greeting = stream::iter(first.into_iter().map(Ok));
    let updates = stream::unfold(receiver, |mut receiver| async move {
        loop {
            match receiver.recv().await {
                Ok(notice) => return Some((Ok(to_event(notice)), receiver)),
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    use futures_util::StreamExt;
    Sse::new(greeting.chain(updates)).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

fn to_event(notice: Notice) -> Event {
    match notice {
        Notice::Reload(n) => Event::default().event("reload").data(n.to_string()),
        Notice::Css(n) => Event::default().event("css").data(n.to_string()),
        Notice::BuildError(text) => Event::default().event("build-error").data(text),
    }
}

async fn serve_file(State(state): State<AppState>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD").into_response();
    }
    let root = state.root.clone();
    let raw = uri.path().to_string();
    let found = tokio::task::spawn_blocking(move || locate_in(&root, &raw))
        .await
        .unwrap_or(Located::NotFound);
    match found {
        Located::File(path) => file_response(&path, StatusCode::OK).await,
        Located::AddSlash => {
            let target = format!("{}/", uri.path());
            let mut response = StatusCode::MOVED_PERMANENTLY.into_response();
            if let Ok(v) = HeaderValue::from_str(&target) {
                response.headers_mut().insert(header::LOCATION, v);
            }
            response
        }
        Located::NotFound => not_found(&state.root).await,
    }
}

/// Where a request path leads inside the output folder.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Located {
    File(PathBuf),
    /// A folder asked for without the trailing slash.
    AddSlash,
    NotFound,
}

/// [`locate`] under the output folder `root` as it is now (canonical), or
/// nothing while it does not exist.
fn locate_in(root: &Path, raw: &str) -> Located {
    match root.canonicalize() {
        Ok(root) => locate(&root, raw),
        Err(_) => Located::NotFound,
    }
}

/// Maps a raw (percent-encoded) request path to a file under `root`, which
/// must be canonical. See the module documentation for what is refused.
/// Symbolic links are resolved before anything is looked at, so a link out
/// of the folder is neither read, nor told apart from a missing file.
pub(crate) fn locate(root: &Path, raw: &str) -> Located {
    let Some(relative) = safe_relative(raw) else {
        return Located::NotFound;
    };
    let inside = |path: &Path| {
        path.canonicalize()
            .ok()
            .filter(|real| real.starts_with(root))
    };
    let Some(real) = inside(&root.join(&relative)) else {
        return Located::NotFound;
    };
    if real.is_dir() {
        if !raw.ends_with('/') {
            return Located::AddSlash;
        }
        return match inside(&real.join("index.html")) {
            Some(index) if index.is_file() => Located::File(index),
            _ => Located::NotFound,
        };
    }
    if real.is_file() {
        Located::File(real)
    } else {
        Located::NotFound
    }
}

/// The decoded path as relative segments, or `None` if it is unsafe.
fn safe_relative(raw: &str) -> Option<PathBuf> {
    if raw.contains('\\') {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .ok()?;
    if decoded.contains(['\\', '\0', '%']) || decoded.chars().any(char::is_control) {
        return None;
    }
    let mut relative = PathBuf::new();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        if segment == "." || segment == ".." || segment.contains(':') {
            return None;
        }
        relative.push(segment);
    }
    Some(relative)
}

async fn not_found(root: &Path) -> Response {
    // The same checks as any request: a 404.html that is a symbolic link
    // out of the folder is not served.
    let root = root.to_path_buf();
    let found = tokio::task::spawn_blocking(move || locate_in(&root, "/404.html"))
        .await
        .unwrap_or(Located::NotFound);
    if let Located::File(page) = found {
        file_response(&page, StatusCode::NOT_FOUND).await
    } else {
        // No site yet (the first build failed): a bare page that can still
        // show the error overlay.
        let page = b"<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Not found</title></head><body><p>Not found.</p></body></html>\n";
        let mut response = Response::new(Body::from(inject_script(page.to_vec())));
        *response.status_mut() = StatusCode::NOT_FOUND;
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        response
    }
}

async fn file_response(path: &Path, status: StatusCode) -> Response {
    let Ok(bytes) = tokio::fs::read(path).await else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let kind = content_type(path);
    let body = if kind.starts_with("text/html") {
        inject_script(bytes)
    } else {
        bytes
    };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "yml" | "yaml" => "application/yaml",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// The script every served HTML page gets: it listens for rebuilds, reloads
/// the page (or only its stylesheets), and shows build errors over the page
/// (the errors come rendered in the language of messages; the overlay's
/// heading is put in by [`live_script`]).
pub(crate) const LIVE_SCRIPT: &str = r#"<script id="alianse-live-reload">
(() => {
  const events = new EventSource("/__alianse/events");
  let box = null;
  const show = (text) => {
    if (!box) {
      box = document.createElement("div");
      box.id = "alianse-error-overlay";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:1.5rem;background:rgba(40,0,0,.94);color:#fff;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = ALIANSE_OVERLAY_HEADING + "\n\n" + text;
  };
  events.addEventListener("build-error", (e) => show(e.data));
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("css", () => {
    if (box) { box.remove(); box = null; }
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      url.searchParams.set("alianse-reload", Date.now());
      link.href = url.href;
    }
  });
})();
</script>
"#;

/// Adds [`LIVE_SCRIPT`] before the last `</body>`, or at the end; not to a
/// page that opts out (the web editor at /admin/, which must not reload
/// while someone edits).
pub(crate) fn inject_script(html: Vec<u8>) -> Vec<u8> {
    if memchr::memmem::find(&html, crate::cms::NO_RELOAD.as_bytes()).is_some() {
        return html;
    }
    let at = find_last_ci(&html, b"</body>").unwrap_or(html.len());
    let script = live_script(crate::messages::current());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// [`LIVE_SCRIPT`] with the overlay's heading in `lang`, as a JavaScript
/// string (JSON is valid JavaScript; `<` is escaped so that no text can end
/// the script element).
pub(crate) fn live_script(lang: crate::messages::Lang) -> String {
    let heading = msg!("serve.overlay-heading").render(lang);
    let quoted = serde_json::to_string(&heading)
        .unwrap_or_default()
        .replace('<', "\\u003c");
    LIVE_SCRIPT.replace("ALIANSE_OVERLAY_HEADING", &quoted)
}

fn find_last_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if haystack.len() < needle.len() {
        return None;
    }
    (0..=haystack.len() - needle.len())
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_paths_are_refused() {
        for raw in [
            "/../etc/passwd",
            "/a/../../x",
            "/%2e%2e/x",
            "/%2E%2E%2Fx",
            "/%252e%252e/x",
            "/a\\..\\x",
            "/a%5c..%5cx",
            "/%00",
            "/./x",
            "/c:/x",
        ] {
            assert_eq!(safe_relative(raw), None, "{raw}");
        }
        assert_eq!(
            safe_relative("/biedri/%C4%81b%C4%8D/"),
            Some(PathBuf::from("biedri/ābč"))
        );
    }

    #[test]
    fn symlinks_out_of_the_folder_are_not_served() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir_all(out.join("a")).unwrap();
        std::fs::write(out.join("a/index.html"), "<p>a</p>").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), out.join("link.txt")).unwrap();
        let root = out.canonicalize().unwrap();
        assert_eq!(locate(&root, "/a"), Located::AddSlash);
        assert_eq!(
            locate(&root, "/a/"),
            Located::File(root.join("a/index.html"))
        );
        #[cfg(unix)]
        assert_eq!(locate(&root, "/link.txt"), Located::NotFound);
        assert_eq!(locate(&root, "/../secret.txt"), Located::NotFound);
    }

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let html = b"<html><body><p>x</p></BODY></html>".to_vec();
        let out = String::from_utf8(inject_script(html)).unwrap();
        assert!(out.contains("alianse-live-reload"));
        assert!(out.find("alianse-live-reload").unwrap() < out.find("</BODY>").unwrap());
    }

    #[test]
    fn the_overlay_heading_is_in_the_language_of_messages() {
        use crate::messages::Lang;
        let en = live_script(Lang::En);
        assert!(
            en.contains(r#"box.textContent = "alianse could not rebuild the site; the last good version is shown." + "\n\n" + text;"#),
            "{en}"
        );
        let lv = live_script(Lang::Lv);
        assert!(
            lv.contains(r#"box.textContent = "alianse nevarēja pārbūvēt vietni; redzama pēdējā labā versija." + "\n\n" + text;"#),
            "{lv}"
        );
        assert!(!lv.contains("ALIANSE_OVERLAY_HEADING"));
    }
}

//! The development web server: the built site from the output folder, a
//! live-reload script added to every HTML response (never to the files on
//! disk), the server-sent event stream that script listens to, and the
//! error overlay it shows while the sources do not build.
//!
//! Only files inside the output folder are served: the path is decoded
//! once, and any `.`/`..` segment, backslash, NUL, leftover `%` (double
//! encoding) or symlink leading out of the folder gives 404. No CORS headers
//! are sent, so other sites cannot read the responses.

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream};
use tokio::sync::broadcast;

/// Where the browser script listens for rebuilds.
pub const EVENTS_PATH: &str = "/__alianse/events";

/// What the server tells open pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// A rebuild changed pages: reload. Carries the rebuild's number.
    Reload(u64),
    /// A rebuild changed only stylesheets: swap them in place.
    Css(u64),
    /// The sources do not build: show this text over the page.
    BuildError(String),
}

/// Shared between the web server and the rebuild loop.
#[derive(Clone)]
pub struct Live {
    pub notices: broadcast::Sender<Notice>,
    /// The current build error, shown to pages that open while it lasts.
    pub error: Arc<Mutex<Option<String>>>,
}

impl Live {
    pub fn new() -> Live {
        let (notices, _) = broadcast::channel(64);
        Live {
            notices,
            error: Arc::new(Mutex::new(None)),
        }
    }

    /// Records and announces the outcome of a rebuild.
    pub fn announce(&self, notice: Notice) {
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
    /// The output folder, canonical.
    root: Arc<PathBuf>,
    live: Live,
}

/// The router: the event stream and the site's files.
pub fn router(output: &Path, live: Live) -> Router {
    let root = output
        .canonicalize()
        .unwrap_or_else(|_| output.to_path_buf());
    let state = AppState {
        root: Arc::new(root),
        live,
    };
    Router::new()
        .route(EVENTS_PATH, axum::routing::get(events))
        .fallback(serve_file)
        .with_state(state)
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
    let found = tokio::task::spawn_blocking(move || locate(&root, &raw))
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
pub enum Located {
    File(PathBuf),
    /// A folder asked for without the trailing slash.
    AddSlash,
    NotFound,
}

/// Maps a raw (percent-encoded) request path to a file under `root`, which
/// must be canonical. See the module documentation for what is refused.
pub fn locate(root: &Path, raw: &str) -> Located {
    let Some(relative) = safe_relative(raw) else {
        return Located::NotFound;
    };
    let mut path = root.join(&relative);
    if path.is_dir() {
        if !raw.ends_with('/') {
            return Located::AddSlash;
        }
        path.push("index.html");
    }
    match path.canonicalize() {
        Ok(real) if real.starts_with(root) && real.is_file() => Located::File(real),
        _ => Located::NotFound,
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
    let page = root.join("404.html");
    if page.is_file() {
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
/// the page (or only its stylesheets), and shows build errors over the page.
pub const LIVE_SCRIPT: &str = r#"<script id="alianse-live-reload">
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
    box.textContent = "alianse could not rebuild the site; the last good version is shown.\n\n" + text;
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
pub fn inject_script(html: Vec<u8>) -> Vec<u8> {
    if memchr::memmem::find(&html, crate::cms::NO_RELOAD.as_bytes()).is_some() {
        return html;
    }
    let at = find_last_ci(&html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + LIVE_SCRIPT.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(LIVE_SCRIPT.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
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
}

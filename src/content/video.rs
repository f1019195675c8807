//! The `video` component: `{{< video url="…" title="…" >}}` for YouTube and
//! Vimeo. The page makes no request to the video host until the reader
//! presses play: it shows a local placeholder with the title, a button
//! (shown by the theme's script) and a plain link to the video, which is all
//! a reader without JavaScript gets. The player, once asked for, comes from
//! the privacy-friendly address (`youtube-nocookie.com`, Vimeo with `dnt=1`).

use serde::Serialize;

/// What the theme's `embed_video` component gets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VideoView {
    /// `YouTube` or `Vimeo`.
    pub host: &'static str,
    /// The player's address, loaded only after a click.
    pub embed_url: String,
    /// The video's own page, the link without JavaScript.
    pub watch_url: String,
    pub title: String,
}

/// The video an address names, or `None` for an address that is not a
/// YouTube or Vimeo video.
pub fn parse(url: &str, title: &str) -> Option<VideoView> {
    let rest = url
        .trim()
        .strip_prefix("https://")
        .or_else(|| url.trim().strip_prefix("http://"))?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.strip_prefix("www.").unwrap_or(host);
    let host = host.strip_prefix("m.").unwrap_or(host);
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let path = path.split('#').next().unwrap_or(path);
    let view = |host, embed_url: String, watch_url: String| VideoView {
        host,
        embed_url,
        watch_url,
        title: title.to_string(),
    };
    match host {
        "youtube.com" | "youtube-nocookie.com" | "youtu.be" => {
            let id = if host == "youtu.be" {
                path
            } else if path == "watch" {
                query
                    .split('&')
                    .find_map(|pair| pair.strip_prefix("v="))
                    .unwrap_or("")
            } else {
                ["embed/", "shorts/", "live/"]
                    .iter()
                    .find_map(|p| path.strip_prefix(p))
                    .unwrap_or("")
            };
            let id = id.trim_end_matches('/');
            let valid = id.len() == 11
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            valid.then(|| {
                view(
                    "YouTube",
                    format!("https://www.youtube-nocookie.com/embed/{id}?autoplay=1"),
                    format!("https://www.youtube.com/watch?v={id}"),
                )
            })
        }
        "vimeo.com" | "player.vimeo.com" => {
            let id = path
                .strip_prefix("video/")
                .unwrap_or(path)
                .trim_end_matches('/');
            let valid = !id.is_empty() && id.len() <= 12 && id.chars().all(|c| c.is_ascii_digit());
            valid.then(|| {
                view(
                    "Vimeo",
                    format!("https://player.vimeo.com/video/{id}?dnt=1&autoplay=1"),
                    format!("https://vimeo.com/{id}"),
                )
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn youtube_and_vimeo_addresses() {
        for url in [
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10",
            "https://youtu.be/dQw4w9WgXcQ",
            "https://www.youtube.com/embed/dQw4w9WgXcQ",
        ] {
            let v = parse(url, "T").unwrap();
            assert_eq!(
                v.embed_url,
                "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
            );
            assert_eq!(v.watch_url, "https://www.youtube.com/watch?v=dQw4w9WgXcQ");
        }
        let v = parse("https://vimeo.com/76979871", "T").unwrap();
        assert_eq!(
            v.embed_url,
            "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"
        );
        assert_eq!(parse("https://example.org/video.mp4", "T"), None);
        assert_eq!(parse("https://youtu.be/short", "T"), None);
        assert_eq!(
            parse("javascript:alert(1)//youtu.be/dQw4w9WgXcQ", "T"),
            None
        );
    }
}

//! Bounds on rendering one page, so that a template mistake fails fast at
//! its place instead of hanging or exhausting the machine:
//!
//! - [`CappedWriter`]: a page's HTML may be at most [`MAX_PAGE_BYTES`]; a
//!   loop or recursion that writes more fails at once, naming the template
//!   and the page.
//! - [`range`]: Tera's `range()` again, with the same arguments, but with a
//!   budget of [`MAX_RANGE_PASSES`] numbers per page in total, so nested
//!   loops that write nothing (`range(end=100000)` inside another) stop at
//!   once at their line instead of running for hours.
//!
//! What can be found before rendering is in [`super::template_checks`].

use std::io::Write;
use std::path::Path;

use crate::error::{Diagnostic, ErrorKind};

/// The largest page a template may produce: 64 MiB.
pub const MAX_PAGE_BYTES: usize = 64 * 1024 * 1024;

/// The numbers `range()` may produce for one page, over all its calls.
pub const MAX_RANGE_PASSES: usize = 1_000_000;

/// The numbers one `range()` call may produce (as in Tera).
const MAX_RANGE_LEN: i64 = 100_000;

thread_local! {
    /// What is left of the page's `range()` budget. A page is rendered on
    /// one thread from start to end; [`start_page`] resets it.
    static RANGE_LEFT: std::cell::Cell<usize> = const { std::cell::Cell::new(MAX_RANGE_PASSES) };
}

/// Resets the `range()` budget before a page is rendered on this thread.
pub fn start_page() {
    RANGE_LEFT.with(|left| left.set(MAX_RANGE_PASSES));
}

/// `range(end=N, start=0, step_by=1)`: the numbers from `start` up to (not
/// including) `end`, counting down when `step_by` is negative.
pub fn range(kwargs: tera::Kwargs, _: &tera::State) -> tera::TeraResult<Vec<i64>> {
    let start: i64 = kwargs.get("start")?.unwrap_or(0);
    let end: i64 = kwargs.must_get("end")?;
    let step: i64 = kwargs.get("step_by")?.unwrap_or(1);
    if step == 0 {
        return Err(tera::Error::message(
            msg!("template.fn.range-step").to_string(),
        ));
    }
    if step > 0 && start > end {
        return Err(tera::Error::message(
            msg!("template.fn.range-order").to_string(),
        ));
    }
    let span = i128::from(end) - i128::from(start);
    let step_wide = i128::from(step);
    let len = if span.signum() == step_wide.signum() {
        (span.abs() + step_wide.abs() - 1) / step_wide.abs()
    } else {
        0
    };
    if len > i128::from(MAX_RANGE_LEN) {
        return Err(tera::Error::message(
            msg!(
                "template.fn.range-length",
                len = len.to_string(),
                max = MAX_RANGE_LEN
            )
            .to_string(),
        ));
    }
    let len = len as usize;
    let left = RANGE_LEFT.with(std::cell::Cell::get);
    if len > left {
        return Err(tera::Error::message(
            msg!("template.fn.range-passes", max = MAX_RANGE_PASSES).to_string(),
        ));
    }
    RANGE_LEFT.with(|cell| cell.set(left - len));
    Ok((0..len as i64).map(|i| start + i * step).collect())
}

/// A `Vec<u8>` writer that refuses to grow past `limit` bytes.
pub struct CappedWriter {
    pub bytes: Vec<u8>,
    limit: usize,
    /// Set once a write was refused.
    pub overflowed: bool,
}

impl CappedWriter {
    pub fn new(limit: usize) -> CappedWriter {
        CappedWriter {
            bytes: Vec::with_capacity(16 * 1024),
            limit,
            overflowed: false,
        }
    }
}

impl Write for CappedWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > self.limit {
            self.overflowed = true;
            return Err(std::io::Error::other("the page is too large"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The error for a page that outgrew [`MAX_PAGE_BYTES`].
pub fn too_large(template: &Path, page: &str) -> Diagnostic {
    Diagnostic::error(
        ErrorKind::Template,
        msg!("template.too-large", limit = MAX_PAGE_BYTES / (1024 * 1024)),
    )
    .in_file(template)
    .with_help(msg!("template.too-large-help", page = page))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(start: Option<i64>, end: i64, step: Option<i64>) -> tera::TeraResult<Vec<i64>> {
        let mut tera = tera::Tera::new();
        tera.register_function("range", range);
        let mut ctx = tera::Context::new();
        ctx.insert("end", &end);
        let mut call = "range(end=end".to_string();
        if let Some(s) = start {
            ctx.insert("start", &s);
            call.push_str(", start=start");
        }
        if let Some(s) = step {
            ctx.insert("step", &s);
            call.push_str(", step_by=step");
        }
        let text = tera.render_str(&format!("{{{{ {call}) | join(sep=\",\") }}}}"), &ctx, false)?;
        Ok(text
            .split(',')
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().unwrap())
            .collect())
    }

    #[test]
    fn range_counts_like_tera_and_stops_at_the_page_budget() {
        start_page();
        assert_eq!(numbers(None, 4, None).unwrap(), vec![0, 1, 2, 3]);
        assert_eq!(numbers(Some(1), 8, Some(3)).unwrap(), vec![1, 4, 7]);
        assert_eq!(numbers(Some(5), 0, Some(-2)).unwrap(), vec![5, 3, 1]);
        assert_eq!(numbers(Some(0), 5, Some(-1)).unwrap(), Vec::<i64>::new());
        assert!(numbers(Some(5), 0, None).is_err());
        assert!(numbers(None, 5, Some(0)).is_err());
        assert!(numbers(None, i64::MAX, None).is_err());
        for _ in 0..9 {
            numbers(None, 100_000, None).unwrap();
        }
        assert!(numbers(None, 100_000, None).is_err());
        start_page();
        assert!(numbers(None, 100_000, None).is_ok());
    }

    #[test]
    fn the_writer_stops_at_its_limit() {
        let mut w = CappedWriter::new(10);
        assert!(w.write_all(b"12345").is_ok());
        assert!(w.write_all(b"123456").is_err());
        assert!(w.overflowed);
        assert_eq!(w.bytes.len(), 5);
    }
}

//! Reading a changed list file again record by record: `serve` keeps the
//! text of members.yaml and areas.yaml with their parse, and after an edit
//! parses only the top-level items whose text changed, keeping the others.
//!
//! This is only done when it gives what a parse of the whole file gives: the
//! file is a plain block list (`- ` items at the first column, only comments
//! before the first), it has as many items as were kept, every item starts
//! on the same line as before (so the kept items' lines stay right), no
//! changed item holds an anchor (`&`, which other items could name), and
//! each changed item reads alone without a problem, as exactly one item.
//! Each changed item is read at its own line (preceded by empty lines), so
//! its values carry the lines and columns of the whole file. In any other
//! case the caller reads the whole file, as a build does.

use std::path::Path;
use std::sync::Arc;

use serde::de::DeserializeOwned;

/// The text a list was read from, kept to compare with the next version.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct KeptText(pub Option<Arc<str>>);

impl std::fmt::Debug for KeptText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Some(text) => write!(f, "KeptText({} bytes)", text.len()),
            None => write!(f, "KeptText(none)"),
        }
    }
}

/// The top-level items of a block list: each item's first line (counted
/// from 0) and text, up to the next item. `None` when the text is not a
/// plain block list: something other than comments or empty lines before
/// the first item, or a line at the first column that neither starts an
/// item nor is a comment.
pub fn split_items(text: &str) -> Option<Vec<(usize, &str)>> {
    let mut items: Vec<(usize, usize)> = Vec::new();
    let mut offset = 0;
    for (number, line) in text.split_inclusive('\n').enumerate() {
        let bare = line.trim_end_matches(['\n', '\r']);
        let starts_item = bare == "-" || bare.starts_with("- ");
        if starts_item {
            items.push((number, offset));
        } else if bare.starts_with('#') || bare.trim().is_empty() {
            // A comment or an empty line belongs to the item above.
        } else if items.is_empty() || !bare.starts_with([' ', '\t']) {
            return None;
        }
        offset += line.len();
    }
    let ends = items.iter().skip(1).map(|&(_, o)| o).chain([text.len()]);
    Some(
        items
            .iter()
            .zip(ends)
            .map(|(&(line, start), end)| (line, &text[start..end]))
            .collect(),
    )
}

/// The list read from `new_text`, with the items of `kept` (read from
/// `old_text`) whose text did not change, and the indexes of the items read
/// again; `None` when only reading the whole file gives the right result
/// (see the module's comment).
pub fn reparse_changed<T>(
    old_text: &str,
    kept: &[T],
    new_text: &str,
    shown: &Path,
) -> Option<(Vec<T>, Vec<usize>)>
where
    T: DeserializeOwned + schemars::JsonSchema + Clone,
{
    // The file saved again as it was (another data file changed): `kept`
    // was read from this very text, so it is the list, without splitting
    // both texts into items to compare them one by one.
    if old_text == new_text {
        return Some((kept.to_vec(), Vec::new()));
    }
    let old = split_items(old_text)?;
    let new = split_items(new_text)?;
    let head = |text: &str, items: &[(usize, &str)]| -> usize {
        items.first().map_or(text.len(), |(_, t)| {
            t.as_ptr() as usize - text.as_ptr() as usize
        })
    };
    if old.len() != new.len()
        || old.len() != kept.len()
        || old_text[..head(old_text, &old)] != new_text[..head(new_text, &new)]
    {
        return None;
    }
    let mut list = kept.to_vec();
    let mut changed = Vec::new();
    for (i, ((old_line, old_item), (new_line, new_item))) in old.iter().zip(&new).enumerate() {
        if old_line != new_line {
            return None;
        }
        if old_item == new_item {
            continue;
        }
        if old_item.contains('&') || new_item.contains('&') {
            return None;
        }
        let text = format!("{}{new_item}", "\n".repeat(*new_line));
        let mut problems = Vec::new();
        let mut read: Vec<T> = super::parse_list(&text, shown, &mut problems);
        if !problems.is_empty() || read.len() != 1 {
            return None;
        }
        list[i] = read.pop()?;
        changed.push(i);
    }
    Some((list, changed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_saphyr::Spanned;

    #[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
    struct Item {
        #[schemars(with = "String")]
        id: Spanned<String>,
        name: String,
    }

    const OLD: &str = "# members\n\n- id: a\n  name: \"A\"\n  # note\n- id: b\n  name: |\n    B\n\n    more\n-\n  id: c\n  name: C\n";

    fn read(text: &str) -> Vec<Item> {
        let mut problems = Vec::new();
        let list = crate::data::parse_list(text, Path::new("m.yaml"), &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        list
    }

    #[test]
    fn splits_a_block_list_into_its_items() {
        let items = split_items(OLD).expect("a block list");
        let lines: Vec<usize> = items.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![2, 5, 10]);
        assert_eq!(items[0].1, "- id: a\n  name: \"A\"\n  # note\n");
        assert!(items[2].1.ends_with("name: C\n"));
        assert!(split_items("key: 1\n- id: a\n").is_none());
        assert!(split_items("- id: a\n---\n- id: b\n").is_none());
        assert!(split_items("[a, b]\n").is_none());
    }

    #[test]
    fn reads_again_only_the_changed_item_at_its_lines() {
        let kept = read(OLD);
        let new = OLD.replace("    B\n", "    Bee\n");
        let (list, changed) =
            reparse_changed(OLD, &kept, &new, Path::new("m.yaml")).expect("one item read again");
        assert_eq!(changed, vec![1]);
        let whole = read(&new);
        for (a, b) in list.iter().zip(&whole) {
            assert_eq!(a.name, b.name);
            assert_eq!(a.id.value, b.id.value);
            assert_eq!(a.id.referenced.line(), b.id.referenced.line());
            assert_eq!(a.id.referenced.column(), b.id.referenced.column());
        }
        assert_eq!(list[1].id.referenced.line(), 6);
    }

    #[test]
    fn reads_the_whole_file_when_an_item_cannot_be_read_alone() {
        let kept = read(OLD);
        let shown = Path::new("m.yaml");
        // Lines moved: the later items' lines would be wrong.
        let longer = OLD.replace("    B\n", "    B\n    B2\n");
        assert!(reparse_changed(OLD, &kept, &longer, shown).is_none());
        // An item added or removed.
        let added = format!("{OLD}- id: d\n  name: D\n");
        assert!(reparse_changed(OLD, &kept, &added, shown).is_none());
        // A problem in the changed item: the whole file gives the messages.
        let wrong = OLD.replace("name: C", "nam: C");
        assert!(reparse_changed(OLD, &kept, &wrong, shown).is_none());
        // An anchor other items could name.
        let anchor = OLD.replace("name: C", "name: &n C");
        assert!(reparse_changed(OLD, &kept, &anchor, shown).is_none());
        // The same text: nothing read again.
        let (_, changed) = reparse_changed(OLD, &kept, OLD, shown).expect("unchanged");
        assert!(changed.is_empty());
    }
}

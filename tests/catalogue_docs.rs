//! The error catalogue (`src/catalogue.rs`, read through `ErrorKind::ALL`) is
//! the one source of codes, names and categories. Everything that restates it
//! for readers must agree with it, or this test fails: the table of
//! docs/errors.md, the `EngagespotTokenErrorCode` union of
//! `bindings/node/index.d.ts`, and the `es_status` enum of the committed C
//! header.

use engagespot_token::{Category, ErrorKind};

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// How docs/errors.md names a category.
fn category_word(category: Category) -> &'static str {
    match category {
        Category::Argument => "argument",
        Category::Type => "type",
        Category::Key => "key",
        Category::Library => "library",
    }
}

/// `ES_OK`, then every kind in catalogue order: (code, name).
fn statuses() -> Vec<(i32, &'static str)> {
    std::iter::once((0, "ES_OK")).chain(ErrorKind::ALL.iter().map(|k| (k.code(), k.name()))).collect()
}

/// The rows of the first Markdown table after `heading`, without its header
/// and separator lines, each split into trimmed cells.
fn table_after(text: &str, heading: &str) -> Vec<Vec<String>> {
    let start = text.find(heading).unwrap_or_else(|| panic!("no {heading:?} section"));
    let rows: Vec<Vec<String>> = text[start..]
        .lines()
        .skip_while(|line| !line.starts_with('|'))
        .take_while(|line| line.starts_with('|'))
        .map(|line| line.trim().trim_matches('|').split('|').map(|cell| cell.trim().to_owned()).collect())
        .collect();
    assert!(rows.len() > 2, "no table under {heading:?}");
    rows[2..].to_vec()
}

#[test]
fn docs_error_table_lists_the_catalogue_in_order() {
    let page = read("docs/errors.md");
    let rows = table_after(&page, "# Error codes");
    let documented: Vec<(i32, String, String)> = rows
        .iter()
        .map(|cells| {
            assert_eq!(cells.len(), 4, "docs/errors.md row {cells:?}: want | code | name | category | meaning |");
            assert!(!cells[3].is_empty(), "docs/errors.md row {cells:?} has no meaning");
            let code = cells[0].parse().unwrap_or_else(|_| panic!("docs/errors.md row {cells:?}: code is no number"));
            (code, cells[1].trim_matches('`').to_owned(), cells[2].clone())
        })
        .collect();
    let expected: Vec<(i32, String, String)> = std::iter::once((0, "ES_OK".to_owned(), "none".to_owned()))
        .chain(ErrorKind::ALL.iter().map(|k| (k.code(), k.name().to_owned(), category_word(k.category()).to_owned())))
        .collect();
    assert_eq!(
        documented, expected,
        "docs/errors.md's table (code, name, category) differs from src/catalogue.rs: update the table"
    );
}

#[test]
fn typescript_error_code_union_names_every_kind() {
    let dts = read("bindings/node/index.d.ts");
    let start = dts.find("export type EngagespotTokenErrorCode =").expect("no EngagespotTokenErrorCode in index.d.ts");
    let union = &dts[start..start + dts[start..].find(';').expect("unterminated union")];
    let mut names: Vec<&str> = union.split('\'').skip(1).step_by(2).collect();
    let count = names.len();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), count, "index.d.ts lists a code twice");
    let mut expected: Vec<&str> = ErrorKind::ALL.iter().map(|k| k.name()).collect();
    expected.sort_unstable();
    assert_eq!(names, expected, "index.d.ts's EngagespotTokenErrorCode differs from src/catalogue.rs");
}

#[test]
fn c_header_enum_lists_the_catalogue_in_order_with_descriptions_and_categories() {
    let header = read("include/engagespot_token.h");
    let start = header.find("typedef enum es_status {").expect("no es_status enum in the header");
    let end = start + header[start..].find("} es_status;").expect("unterminated es_status enum");
    let body = &header[start..end];
    let mut enumerators = Vec::new();
    let mut comment = String::new();
    for line in body.lines().skip(1).map(str::trim) {
        if let Some((name, value)) = line.strip_suffix(',').and_then(|l| l.split_once(" = ")) {
            let code: i32 = value.parse().unwrap_or_else(|_| panic!("header: {line}"));
            enumerators.push((code, name.to_owned(), std::mem::take(&mut comment)));
        } else {
            comment.push_str(line.trim_start_matches(['/', '*']).trim());
            comment.push(' ');
        }
    }
    let listed: Vec<(i32, &str)> = enumerators.iter().map(|(code, name, _)| (*code, name.as_str())).collect();
    assert_eq!(listed, statuses(), "include/engagespot_token.h's es_status differs: run scripts/update-header");
    for (kind, (_, name, comment)) in ErrorKind::ALL.iter().zip(&enumerators[1..]) {
        assert!(comment.contains(kind.description()), "header comment of {name} lacks {:?}", kind.description());
        let category = format!("({} error)", category_word(kind.category()));
        assert!(comment.contains(&category), "header comment of {name} lacks {category:?}: {comment}");
    }
}

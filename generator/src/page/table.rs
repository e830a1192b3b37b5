//! Parameter / field tables in both table syntaxes.
//!
//! * Pipe tables (markdown and text rendering 3): a header row, a separator row
//!   (`|:---|---|`, `---|---|---|`, possibly with an extra empty cell), then rows. Rows
//!   may or may not have leading / trailing pipes.
//! * Space tables (text rendering 2): a header whose every word is a known column
//!   name (`字段名 是否必填 描述`), then one row per line split on whitespace. The last
//!   column (usually the description) may contain spaces, so a row is split into the
//!   first N-1 words and the rest of the line.
//!
//! Repairs, each reported as a warning: rows split over two lines are joined, a
//! required column that holds no yes/no word is treated as missing (columns shifted),
//! extra cells are dropped, missing cells are left empty.

use super::lines::{decode_entities, is_cjk};

/// What a column holds, from its header text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Col {
    Name,
    Required,
    Type,
    Desc,
    Default,
    /// Extra text appended to the description (`备注`, `规则`, `schema`).
    Extra,
    /// Known, but not used (knife4j `in`).
    Skip,
    /// Not a column name we know.
    Unknown(String),
}

/// Header words (lower-cased) per column kind.
const NAME_HEADERS: &[&str] = &[
    "参数名",
    "参数",
    "字段名",
    "字段",
    "名称",
    "参数名称",
    "字段名称",
    "参数名字",
    "属性",
    "属性名",
    "header名",
    "key",
    "parameter name",
    "parameter",
    "name",
    "field",
    "返回值字段",
    "参数key",
    "变量名",
    "字段名字",
];
const REQUIRED_HEADERS: &[&str] = &[
    "必选",
    "是否必选",
    "必填",
    "是否必填",
    "是否必传",
    "是否必须",
    "必须",
    "必传",
    "是否必需",
    "required",
    // Typos seen in real tables.
    "requried",
    "require",
    "必需",
];
const TYPE_HEADERS: &[&str] = &[
    "类型",
    "字段类型",
    "参数类型",
    "数据类型",
    "type",
    "data type",
    "类型及范围",
    "值类型",
];
const DESC_HEADERS: &[&str] = &[
    "说明",
    "描述",
    "参数说明",
    "字段说明",
    "含义",
    "description",
    "discription",
    "desc",
];
const DEFAULT_HEADERS: &[&str] = &["默认值", "默认", "default"];
const EXTRA_HEADERS: &[&str] = &[
    "备注",
    "规则",
    "示例",
    "示例值",
    "例子",
    "schema",
    "example",
    "remark",
];
/// Where the parameter goes (`body`, `url`, `header`): known, not used yet.
const SKIP_HEADERS: &[&str] = &["in", "位置", "参数位置", "location", "长度"];

/// Classifies one header cell.
pub fn classify_col(header: &str) -> Col {
    let h = clean_cell(header).to_lowercase();
    let h = h.trim();
    let is = |set: &[&str]| set.contains(&h);
    if is(NAME_HEADERS) {
        Col::Name
    } else if is(REQUIRED_HEADERS) {
        Col::Required
    } else if is(TYPE_HEADERS) {
        Col::Type
    } else if is(DESC_HEADERS) {
        Col::Desc
    } else if is(DEFAULT_HEADERS) {
        Col::Default
    } else if is(EXTRA_HEADERS) {
        Col::Extra
    } else if is(SKIP_HEADERS) {
        Col::Skip
    } else if let Some(c) = example_or_default_col(h) {
        c
    } else {
        Col::Unknown(h.to_string())
    }
}

/// Words that make a header an example column (`参数示例`, `示例值(默认)`,
/// `Example value`): its cells are appended to the description.
const EXAMPLE_WORDS: &[&str] = &["示例", "样例", "例子", "举例", "example", "sample"];
/// Words that make a header a default-value column (`默认取值`, `Default value`).
const DEFAULT_WORDS: &[&str] = &["默认", "缺省", "default"];

/// A header naming an example or default column in any wording: pages qualify
/// them freely (`参数示例(默认)`, `默认取值`, `Example value`), so the whole class
/// is read from the words, with the qualifier in brackets ignored first. An
/// example column wins over a default one (`参数示例(默认)` is an example that
/// doubles as the default, and its cells are prose).
fn example_or_default_col(h: &str) -> Option<Col> {
    let head = h.split(['(', '（', '[', '【']).next().unwrap_or(h).trim();
    let has_word = |words: &[&str]| words.iter().any(|w| head.contains(w));
    if head.is_empty() || head.chars().count() > 16 {
        None
    } else if has_word(EXAMPLE_WORDS) {
        Some(Col::Extra)
    } else if has_word(DEFAULT_WORDS) {
        Some(Col::Default)
    } else {
        None
    }
}

/// Type names written in type cells (lower-cased, generic arguments stripped):
/// the evidence that a column holds types whatever its header says.
const TYPE_WORDS: &[&str] = &[
    "string",
    "str",
    "text",
    "varchar",
    "char",
    "int",
    "integer",
    "int32",
    "int64",
    "long",
    "short",
    "number",
    "float",
    "double",
    "decimal",
    "bigdecimal",
    "numeric",
    "bool",
    "boolean",
    "array",
    "list",
    "object",
    "map",
    "json",
    "date",
    "datetime",
    "timestamp",
    "file",
    "字符串",
    "整数",
    "整型",
    "数字",
    "数值",
    "浮点数",
    "布尔",
    "数组",
    "对象",
    "日期",
    "时间",
];

/// A cell that names a data type (`string`, `Integer`, `list<Long>`, `int[]`,
/// `Date String`): used to spot a type column under a wrong header.
pub fn is_type_word(cell: &str) -> bool {
    let c = clean_cell(cell).to_lowercase();
    let base = c
        .split(['<', '[', '(', '（'])
        .next()
        .unwrap_or("")
        .trim()
        .to_string();
    !base.is_empty() && base.split_whitespace().all(|w| TYPE_WORDS.contains(&w))
}

/// Pages whose header row is one column short of its rows (`字段名 | 是否必填 |
/// 描述 | 参数示例(默认)` over `corp_id | true | string | 企业corp_id`): the type
/// column has no header, so the description header sits over the types and the
/// next header over the descriptions. When the description column holds only type
/// names (at least one) and there is no type column, the description column is
/// relabelled as the type and the next example / default / unknown column as the
/// description. Returns whether it relabelled.
pub fn relabel_type_column(cols: &mut [Col], rows: &[Vec<String>]) -> bool {
    if has(cols, &Col::Type) {
        return false;
    }
    let Some(d) = cols.iter().position(|c| *c == Col::Desc) else {
        return false;
    };
    let Some(next) = cols.get(d + 1) else {
        return false;
    };
    if !matches!(next, Col::Extra | Col::Default | Col::Unknown(_)) {
        return false;
    }
    let values: Vec<&str> = rows
        .iter()
        .filter_map(|r| r.get(d).map(|s| s.as_str()))
        .filter(|s| !clean_cell(s).is_empty())
        .collect();
    if values.is_empty() || !values.iter().all(|v| is_type_word(v)) {
        return false;
    }
    cols[d] = Col::Type;
    cols[d + 1] = Col::Desc;
    true
}

/// One table cell on a line of its own, closed by a pipe (`字段名 |`, `true |`):
/// the text rendering of a pipe table that put one cell per line. Returns the
/// cell. The line holds exactly one unescaped pipe, at its end.
pub fn cell_per_line(line: &str) -> Option<&str> {
    let t = line.trim();
    let cell = t.strip_suffix('|')?;
    if cell.contains('|') || cell.ends_with('\\') {
        return None;
    }
    Some(cell.trim())
}

/// The header of a one-cell-per-line table: the longest run of cells that are
/// known, distinct column names, starting with the name column (at least two).
/// The first cell that is no column name (or repeats one) starts the rows.
pub fn cell_per_line_header(cells: &[&str]) -> Option<Vec<Col>> {
    let mut cols: Vec<Col> = Vec::new();
    for c in cells {
        let col = classify_col(c);
        if c.is_empty() || matches!(col, Col::Unknown(_)) || (col != Col::Extra && has(&cols, &col))
        {
            break;
        }
        cols.push(col);
    }
    (cols.len() >= 2 && cols.first() == Some(&Col::Name)).then_some(cols)
}

/// Cell text: entities decoded (`&lt;` → `<`, `<br/>` → line break), trimmed
/// (including the `&emsp;` indentation knife4j puts before nested names).
pub fn clean_cell(s: &str) -> String {
    decode_entities(s).trim().to_string()
}

/// A name cell: also unwraps `` `videoIds` ``, `**x**` and `~~x~~`.
pub fn clean_name(s: &str) -> String {
    let mut n = clean_cell(s);
    for w in ["`", "**", "~~"] {
        // `> ~~logical~~` keeps its `> ` prefix; only the wrapped word is unwrapped.
        n = n.replace(w, "");
    }
    n.trim().to_string()
}

/// Splits a pipe row into cells; returns the cells and whether the row ended with a
/// pipe (a row that does not may continue on the next line). `\|` does not split.
pub fn split_cells(line: &str) -> (Vec<String>, bool) {
    let t = line.trim();
    let trailing = t.ends_with('|') && !t.ends_with("\\|");
    let inner = t.strip_prefix('|').unwrap_or(t);
    let inner = if trailing {
        inner.strip_suffix('|').unwrap_or(inner)
    } else {
        inner
    };
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut prev_backslash = false;
    for c in inner.chars() {
        if c == '|' && !prev_backslash {
            cells.push(std::mem::take(&mut cur));
        } else {
            if c == '|' {
                cur.pop();
            }
            cur.push(c);
        }
        prev_backslash = c == '\\';
    }
    cells.push(cur);
    (cells, trailing)
}

/// 1-based char column where cell `k` (0-based, as [`split_cells`] counts) starts.
pub fn cell_col(line: &str, k: usize) -> usize {
    let lead = line.len() - line.trim_start().len();
    let t = line.trim_start();
    let mut pipes = 0usize;
    let need = if t.starts_with('|') { k + 1 } else { k };
    if need == 0 {
        return super::lines::char_col(line, lead);
    }
    let mut prev = ' ';
    for (b, c) in t.char_indices() {
        if c == '|' && prev != '\\' {
            pipes += 1;
            if pipes == need {
                return super::lines::char_col(line, lead + b + 1);
            }
        }
        prev = c;
    }
    super::lines::char_col(line, lead)
}

/// A separator row: only `-`, `:`, `|` and spaces, at least one `-` and one `|`.
pub fn is_separator(line: &str) -> bool {
    let t = line.trim();
    t.contains('-')
        && t.contains('|')
        && t.chars().all(|c| matches!(c, '-' | ':' | '|' | ' ' | '\t'))
}

/// A line that can be a pipe-table row.
pub fn is_pipe_row(line: &str) -> bool {
    line.contains('|') && !is_separator(line)
}

/// Header of a space table: 2+ words, all known column names, one of them a name.
pub fn space_header(line: &str) -> Option<Vec<Col>> {
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.len() < 2 || words.len() > 8 || line.contains('|') {
        return None;
    }
    let cols: Vec<Col> = words.iter().map(|w| classify_col(w)).collect();
    let all_known = cols.iter().all(|c| !matches!(c, Col::Unknown(_)));
    (all_known && cols.first() == Some(&Col::Name)).then_some(cols)
}

/// Splits a space-table row into `n` cells: n-1 words and the rest of the line.
pub fn split_space_row(line: &str, n: usize) -> Vec<String> {
    let mut cells = Vec::with_capacity(n);
    let mut rest = line.trim();
    while cells.len() + 1 < n && !rest.is_empty() {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        cells.push(rest[..end].to_string());
        rest = rest[end..].trim_start();
    }
    if !rest.is_empty() {
        cells.push(rest.to_string());
    }
    cells
}

/// Reads a required cell: true/false, 是/否, 必选/可选, 必须, Y/N, yes/no…
/// `否（默认查PMS-SKU）…` counts as `否`: the word may be followed by punctuation.
pub fn parse_required(s: &str) -> Option<bool> {
    let v = clean_cell(s).replace('*', "").to_lowercase();
    let v = v.trim();
    const YES: &[&str] = &[
        "true", "是", "y", "yes", "必选", "必填", "必须", "必传", "必需", "required", "√", "1",
    ];
    const NO: &[&str] = &[
        "false",
        "否",
        "n",
        "no",
        "可选",
        "非必填",
        "非必须",
        "非必选",
        "不必须",
        "不必填",
        "选填",
        "optional",
        "×",
        "0",
    ];
    if YES.contains(&v) {
        return Some(true);
    }
    if NO.contains(&v) {
        return Some(false);
    }
    // A leading Chinese word followed by an explanation in brackets or after a space.
    for (words, val) in [(NO, false), (YES, true)] {
        for w in words.iter().filter(|w| w.chars().any(is_cjk)) {
            if let Some(rest) = v.strip_prefix(w) {
                if rest.starts_with(|c: char| !c.is_alphanumeric() || matches!(c, '（' | '(')) {
                    return Some(val);
                }
            }
        }
    }
    None
}

/// A table whose first header cell is empty (`  | 必选 | 类型及范围 | 说明`, the
/// name column left unlabelled) but whose other headers are known: the first
/// column holds the names.
pub fn infer_name_column(cols: &mut [Col]) {
    let known_rest = cols.len() > 1
        && cols[1..]
            .iter()
            .all(|c| !matches!(c, Col::Unknown(_) | Col::Name));
    if known_rest && cols.first() == Some(&Col::Unknown(String::new())) {
        cols[0] = Col::Name;
    }
}

/// Whether a line opens an HTML table (`<table>`, `<table class="…">`): rich-text
/// editors and YApi exports write parameter and key/value tables so.
pub fn opens_html_table(line: &str) -> bool {
    let t = line.trim_start().to_ascii_lowercase();
    t.strip_prefix("<table")
        .is_some_and(|r| r.is_empty() || r.starts_with(['>', ' ', '\t']))
}

/// Rows of an HTML table starting at `lines[0]`: for each `<tr>`, the index of
/// the line it starts on and its `<th>` / `<td>` cells as text (inner tags
/// dropped, `<br>` a space, entities decoded, spaces collapsed). Reads up to
/// `</table>` (or the end); also returns how many lines the table used.
pub fn html_table_rows(lines: &[&str]) -> (Vec<(usize, Vec<String>)>, usize) {
    let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
    let mut row: Option<(usize, Vec<String>)> = None;
    let mut cell: Option<String> = None;
    fn end_cell(cell: &mut Option<String>, row: &mut Option<(usize, Vec<String>)>) {
        if let (Some(c), Some((_, cells))) = (cell.take(), row.as_mut()) {
            let text = clean_cell(&c);
            cells.push(text.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }
    fn end_row(
        cell: &mut Option<String>,
        row: &mut Option<(usize, Vec<String>)>,
        rows: &mut Vec<(usize, Vec<String>)>,
    ) {
        end_cell(cell, row);
        if let Some(r) = row.take() {
            if !r.1.is_empty() {
                rows.push(r);
            }
        }
    }
    for (idx, line) in lines.iter().enumerate() {
        let mut rest = *line;
        while !rest.is_empty() {
            let Some(lt) = rest.find('<') else {
                if let Some(c) = cell.as_mut() {
                    c.push_str(rest);
                    c.push(' ');
                }
                break;
            };
            if let Some(c) = cell.as_mut() {
                c.push_str(&rest[..lt]);
            }
            let Some(gt) = rest[lt..].find('>') else {
                if let Some(c) = cell.as_mut() {
                    c.push_str(&rest[lt..]);
                }
                break;
            };
            let tag = rest[lt + 1..lt + gt].trim().to_ascii_lowercase();
            let name: String = tag
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '/')
                .collect();
            match name.as_str() {
                "tr" => {
                    end_row(&mut cell, &mut row, &mut rows);
                    row = Some((idx, Vec::new()));
                }
                "/tr" => end_row(&mut cell, &mut row, &mut rows),
                "td" | "th" => {
                    end_cell(&mut cell, &mut row);
                    if row.is_none() {
                        row = Some((idx, Vec::new()));
                    }
                    cell = Some(String::new());
                }
                "/td" | "/th" => end_cell(&mut cell, &mut row),
                "br" | "br/" => {
                    if let Some(c) = cell.as_mut() {
                        c.push(' ');
                    }
                }
                "/table" => {
                    end_row(&mut cell, &mut row, &mut rows);
                    return (rows, idx + 1);
                }
                _ => {}
            }
            rest = &rest[lt + gt + 1..];
        }
    }
    end_row(&mut cell, &mut row, &mut rows);
    (rows, lines.len())
}

/// Whether the header has a column of this kind.
pub fn has(cols: &[Col], kind: &Col) -> bool {
    cols.iter().any(|c| c == kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_variants() {
        for y in [
            "true", "是", "必选", "必须", "Y", "yes", "Yes", "必填", " 是 ",
        ] {
            assert_eq!(parse_required(y), Some(true), "{y}");
        }
        for n in ["false", "否", "可选", "N", "no", "No", "非必填"] {
            assert_eq!(parse_required(n), Some(false), "{n}");
        }
        assert_eq!(parse_required("否（默认查PMS-SKU） 2PMS-SKU"), Some(false));
        assert_eq!(parse_required("商机的id"), None);
        assert_eq!(parse_required(""), None);
        assert_eq!(parse_required("是否"), None);
    }

    #[test]
    fn columns() {
        assert_eq!(classify_col("参数名"), Col::Name);
        assert_eq!(classify_col(" Parameter Name "), Col::Name);
        assert_eq!(classify_col("是否必传"), Col::Required);
        assert_eq!(classify_col("Required"), Col::Required);
        assert_eq!(classify_col("字段类型"), Col::Type);
        assert_eq!(classify_col("Description"), Col::Desc);
        assert_eq!(classify_col("默认值"), Col::Default);
        assert_eq!(classify_col("制定人"), Col::Unknown("制定人".into()));
    }

    #[test]
    fn cells() {
        let (c, t) = split_cells("|&emsp;roleIds|角色ID集合||false|list&lt;Long>		||");
        assert_eq!(c.len(), 6);
        assert!(t);
        assert_eq!(clean_name(&c[0]), "roleIds");
        assert_eq!(clean_cell(&c[4]), "list<Long>");
        let (c, t) = split_cells("id | true | 商机的id,替换掉url的:id |");
        assert_eq!(c, vec!["id ", " true ", " 商机的id,替换掉url的:id "]);
        assert!(t);
        let (c, t) = split_cells("|conditionId |string  |Condition-ID");
        assert_eq!(c.len(), 3);
        assert!(!t);
        assert_eq!(split_cells("a \\| b | c").0.len(), 2);
        assert_eq!(cell_col("|a|b|c|", 2), 6);
        assert_eq!(cell_col("a | b |", 0), 1);
        assert_eq!(cell_col("a | b |", 1), 4);
        assert_eq!(
            clean_name("| `videoIds`").replace('|', "").trim(),
            "videoIds"
        );
    }

    #[test]
    fn example_and_default_headers_as_a_class() {
        assert_eq!(classify_col("参数示例(默认)"), Col::Extra);
        assert_eq!(classify_col("示例值（可选）"), Col::Extra);
        assert_eq!(classify_col("Example value"), Col::Extra);
        assert_eq!(classify_col("默认取值"), Col::Default);
        assert_eq!(classify_col("Default Value"), Col::Default);
        assert_eq!(classify_col("负责人"), Col::Unknown("负责人".into()));
        // A space table whose header ends in such a column is now recognised.
        assert_eq!(
            space_header("名称 必填 说明 参数示例(默认)").map(|c| c.len()),
            Some(4)
        );
    }

    #[test]
    fn type_words() {
        for t in [
            "string",
            "Integer",
            "list<Long>",
            "int[]",
            "Date String",
            "数组",
            "bool",
        ] {
            assert!(is_type_word(t), "{t}");
        }
        for t in ["坐席id", "", "页码,默认1", "string of the id"] {
            assert!(!is_type_word(t), "{t}");
        }
    }

    #[test]
    fn type_column_under_the_description_header() {
        let mut cols: Vec<Col> = ["名称", "必填", "说明", "示例"]
            .iter()
            .map(|h| classify_col(h))
            .collect();
        let rows = vec![
            vec!["shop_id".into(), "是".into(), "int".into(), "门店id".into()],
            vec!["tags".into(), "否".into(), "array".into(), "".into()],
        ];
        assert!(relabel_type_column(&mut cols, &rows));
        assert_eq!(cols, [Col::Name, Col::Required, Col::Type, Col::Desc]);
        // Real descriptions stay descriptions.
        let mut cols: Vec<Col> = ["名称", "必填", "说明", "示例"]
            .iter()
            .map(|h| classify_col(h))
            .collect();
        let rows = vec![vec![
            "shop_id".into(),
            "是".into(),
            "门店".into(),
            "3".into(),
        ]];
        assert!(!relabel_type_column(&mut cols, &rows));
        assert_eq!(cols[2], Col::Desc);
    }

    #[test]
    fn one_cell_per_line_tables() {
        assert_eq!(cell_per_line("名称 |"), Some("名称"));
        assert_eq!(cell_per_line("  shop_id|"), Some("shop_id"));
        assert_eq!(cell_per_line(" |"), Some(""));
        assert_eq!(cell_per_line("a | b |"), None);
        assert_eq!(cell_per_line("名称"), None);
        let header = cell_per_line_header(&["名称", "必填", "说明", "X-Token", "是", "令牌"]);
        assert_eq!(header, Some(vec![Col::Name, Col::Required, Col::Desc]));
        // A parameter called `name` does not extend the header.
        let header = cell_per_line_header(&["名称", "说明", "name", "用户名"]);
        assert_eq!(header, Some(vec![Col::Name, Col::Desc]));
        assert_eq!(cell_per_line_header(&["shop_id", "是"]), None);
        assert_eq!(cell_per_line_header(&["名称"]), None);
    }

    #[test]
    fn html_tables() {
        let page = [
            "<table class=\"params\">",
            "<thead><tr><th>参数名</th><th>必选</th><th>说明</th></tr></thead>",
            "<tbody>",
            "<tr>",
            "  <td><code>shop_id</code></td>",
            "  <td>是</td>",
            "  <td>门店&nbsp;id<br/>从列表取</td>",
            "</tr>",
            "<tr><td>page</td><td>否</td><td>页码</td></tr>",
            "</tbody></table>",
            "之后的文字",
        ];
        assert!(opens_html_table(page[0]));
        assert!(!opens_html_table("<tables>"));
        let (rows, used) = html_table_rows(&page);
        assert_eq!(used, 10);
        let cells: Vec<Vec<&str>> = rows
            .iter()
            .map(|(_, c)| c.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(
            cells,
            vec![
                vec!["参数名", "必选", "说明"],
                vec!["shop_id", "是", "门店 id 从列表取"],
                vec!["page", "否", "页码"],
            ]
        );
        assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), [1, 3, 8]);
    }

    #[test]
    fn unlabelled_name_column() {
        let mut cols: Vec<Col> = ["", "必选", "类型及范围", "说明"]
            .iter()
            .map(|h| classify_col(h))
            .collect();
        infer_name_column(&mut cols);
        assert_eq!(cols, [Col::Name, Col::Required, Col::Type, Col::Desc]);
        let mut cols = vec![Col::Unknown(String::new()), Col::Unknown("x".into())];
        infer_name_column(&mut cols);
        assert_eq!(cols[0], Col::Unknown(String::new()));
    }

    #[test]
    fn separators_and_space_tables() {
        assert!(is_separator("|:----    |:---|:----- |-----   |"));
        assert!(is_separator("---|---|---|"));
        assert!(is_separator("|:-----|:-----|-----| |"));
        assert!(is_separator("|:----    |:----- |:-----  ||-----   |"));
        assert!(!is_separator("-----"));
        assert_eq!(
            space_header("字段名 是否必填 描述").map(|c| c.len()),
            Some(3)
        );
        assert!(space_header("版本 域名 说明").is_none());
        assert_eq!(
            split_space_row("opportunity[stage] false 销售阶段 调用 GET /api", 3),
            vec!["opportunity[stage]", "false", "销售阶段 调用 GET /api"]
        );
        assert_eq!(
            split_space_row("upload_time Date ", 3),
            vec!["upload_time", "Date"]
        );
    }
}

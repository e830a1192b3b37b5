//! The JSON path (`data.customers[1].id`) of the value at a byte of a body.
//!
//! A decode error names the path of the bad value ([`crate::Error::Decode`]).
//! Tracking it while decoding (a path-tracking deserializer around serde_json's)
//! compiles every response type's decoding a second time, once per wrapper type:
//! half of the SDK's generated machine code (BENCHMARKS.md, issue 16). serde_json
//! already says *where* it failed (line and column), so the path is found
//! afterwards, by walking the body's JSON up to that byte: one non-generic
//! function, run only when a decode has failed.

/// One step of a path: a member of an object or an item of an array.
#[derive(Debug, Clone, PartialEq)]
enum Segment {
    Key(String),
    Index(usize),
}

/// The byte offset of a serde_json error position (1-based line, 1-based
/// column counted in bytes) in `body`, or `None` for a position outside it.
fn offset_of(body: &[u8], line: usize, column: usize) -> Option<usize> {
    if line == 0 || column == 0 {
        return None;
    }
    let mut start = 0;
    for _ in 1..line {
        start += body[start..].iter().position(|&b| b == b'\n')? + 1;
    }
    Some(start + column - 1)
}

/// The path of the value serde_json's error position (`line`, `column`) points at
/// in `body`, as `data.customers[1].id` (`""` for the whole body): the innermost
/// value holding that byte.
///
/// serde_json points at the last byte it read: the end of a value of the wrong
/// type, the opening bracket of a container of the wrong shape, the closing
/// bracket of an object missing a field, where the JSON stops being JSON. Each is
/// a byte of the value at fault, so the path is the one a path-tracking
/// deserializer gives (the tests compare the two); for JSON cut short in a
/// member, the member's key is named where the tracking one has `?`.
pub(crate) fn path_at(body: &[u8], line: usize, column: usize) -> String {
    let Some(target) = offset_of(body, line, column) else {
        return String::new();
    };
    let mut scan = Scan {
        body,
        at: 0,
        target,
        path: Vec::new(),
    };
    // `Err` is the normal way out: the target was reached (or the JSON ended).
    let _ = scan.value();
    format_path(&scan.path)
}

/// `data.customers[1].id`: keys joined with `.`, indexes in brackets.
fn format_path(path: &[Segment]) -> String {
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// How deep [`path_at`] walks into nested containers before it stops and names
/// the path so far. serde_json gives up at 128 levels, but not when any crate of
/// the build turns on its `unbounded_depth` feature (features unify across a
/// user's whole dependency graph); the walk recurses once per level, so a hostile
/// body of a million `[` must end it long before the stack does.
const MAX_PATH_DEPTH: usize = 512;

/// Reached the target byte, or the end of what can be read: stop walking.
struct Stop;

/// A walk over a JSON text that stops at the innermost value holding `target`,
/// with `path` leading to it.
struct Scan<'a> {
    body: &'a [u8],
    at: usize,
    target: usize,
    path: Vec<Segment>,
}

impl Scan<'_> {
    fn peek(&self) -> Option<u8> {
        self.body.get(self.at).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// Stops when the target is before the current byte: it lies in the value
    /// just read.
    fn check(&self) -> Result<(), Stop> {
        if self.target < self.at {
            return Err(Stop);
        }
        Ok(())
    }

    /// Reads one value (and the whitespace before it).
    fn value(&mut self) -> Result<(), Stop> {
        self.skip_whitespace();
        let start = self.at;
        // A value of the wrong shape is found on its first byte, which serde_json
        // peeks without reading it: its position is then the byte before (`:`,
        // `,`, `[` or whitespace), so a target before the value is the value.
        if self.target < start {
            return Err(Stop);
        }
        match self.peek().ok_or(Stop)? {
            b'{' => self.container(b'}', true)?,
            b'[' => self.container(b']', false)?,
            b'"' => self.string()?,
            _ => {
                while matches!(
                    self.peek(),
                    Some(b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' | b'+' | b'-' | b'.')
                ) {
                    self.at += 1;
                }
                if self.at == start {
                    return Err(Stop); // not JSON: the error is here
                }
            }
        }
        self.check()
    }

    /// Reads a string (its quotes included).
    fn string(&mut self) -> Result<(), Stop> {
        self.at += 1;
        loop {
            match self.peek().ok_or(Stop)? {
                b'"' => {
                    self.at += 1;
                    return Ok(());
                }
                b'\\' => self.at += 2,
                _ => self.at += 1,
            }
        }
    }

    /// Reads an object (`object`) or array, from its opening bracket.
    fn container(&mut self, close: u8, object: bool) -> Result<(), Stop> {
        let start = self.at;
        if self.target == start || self.path.len() >= MAX_PATH_DEPTH {
            return Err(Stop);
        }
        self.at += 1;
        let mut index = 0;
        loop {
            self.skip_whitespace();
            if self.peek().ok_or(Stop)? == close {
                self.at += 1;
                return Ok(());
            }
            if index > 0 {
                if self.peek() != Some(b',') {
                    return Err(Stop);
                }
                self.at += 1;
                self.skip_whitespace();
            }
            let segment = if object {
                let key_start = self.at;
                if self.peek() != Some(b'"') {
                    return Err(Stop);
                }
                self.string()?;
                if self.target < self.at {
                    return Err(Stop); // in a key: the object is at fault
                }
                let raw = &self.body[key_start..self.at];
                let key = serde_json::from_slice::<String>(raw).unwrap_or_else(|_| {
                    String::from_utf8_lossy(&raw[1..raw.len() - 1]).into_owned()
                });
                self.skip_whitespace();
                if self.peek() != Some(b':') {
                    return Err(Stop);
                }
                self.at += 1;
                Segment::Key(key)
            } else {
                Segment::Index(index)
            };
            self.path.push(segment);
            self.value()?;
            self.path.pop();
            index += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The path [`path_at`] names for the error of decoding `body` as `T`, and
    /// the one a path-tracking deserializer (serde_path_to_error) names.
    fn paths<T: serde::de::DeserializeOwned>(body: &str) -> (String, String) {
        let Err(e) = serde_json::from_str::<T>(body) else {
            panic!("{body} must not decode")
        };
        let ours = path_at(body.as_bytes(), e.line(), e.column());
        let mut de = serde_json::Deserializer::from_str(body);
        let Err(e) = serde_path_to_error::deserialize::<_, T>(&mut de) else {
            panic!("{body} must not decode")
        };
        let tracked = e.path().to_string();
        (
            ours,
            if tracked == "." {
                String::new()
            } else {
                tracked
            },
        )
    }

    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Customer {
        id: i64,
        name: Option<String>,
    }

    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Page {
        data: Vec<Customer>,
        pair: Option<(i64, i64)>,
    }

    #[test]
    fn a_body_nested_deeper_than_the_walk_goes_is_named_to_that_depth() {
        // A million `[`: the error position is at the end; walking there level by
        // level would overflow the stack.
        let body = "[".repeat(1_000_000);
        let path = path_at(body.as_bytes(), 1, body.len());
        assert_eq!(path, "[0]".repeat(MAX_PATH_DEPTH));
    }

    #[test]
    fn names_the_value_at_fault_as_path_tracking_does() {
        for (body, path) in [
            (r#"{"data":[{"id":1},{"id":"x"}]}"#, "data[1].id"),
            (r#"{"data":"暂无数据"}"#, "data"),
            (r#"{"data":{"id":1}}"#, "data"),
            (r#"{"code": 0, "data": [{"id": "x"}]}"#, "data[0].id"),
            (r#"{"code": 0, "data": {"id": 1}}"#, "data"),
            (r#"{"data":[[1]]}"#, "data[0]"),
            (r#"{"data":[{"id":1}, [1]]}"#, "data[1]"),
            (r#"{"data":[{"id":1},{"id":1}],"pair":{}}"#, "pair"),
            (
                "{\n  \"data\": [\n    {\"id\": 1, \"name\": 2}\n  ]\n}",
                "data[0].name",
            ),
            (
                r#"{"data":[{"id":1,"name":"a\"b]"},{"id":true}]}"#,
                "data[1].id",
            ),
            (r#"{"data":[{"id":1},{"id":2.5}]}"#, "data[1].id"),
            (r#"{"data":[{"id":1},{"name":{"a":[1]}}]}"#, "data[1].name"),
            (r#"{"d\u0061ta":[{"id":"x"}]}"#, "data[0].id"),
            (r#"{"键":1,"data":[{"id":-1e5}]}"#, "data[0].id"),
            // missing fields and short tuples: the object or array itself
            (r#"{"data":[{"id":1},{"name":"a"}]}"#, "data[1]"),
            (r#"{"data":[{"id":1},{}]}"#, "data[1]"),
            (r#"{"data":[],"pair":[1]}"#, "pair"),
            ("{}", ""),
            ("[[]]", ""),
            // not JSON
            (r#"{"data":[{"id":1},{"id":"#, "data[1].id"),
            (r#"{"data":[{"id":1} {"id":1}]}"#, "data"),
            ("<html>", ""),
            ("", ""),
        ] {
            let (ours, tracked) = paths::<Page>(body);
            assert_eq!(ours, path, "{body}");
            assert_eq!(ours, tracked, "{body}");
        }
    }

    #[test]
    fn names_the_member_where_the_json_is_cut_short() {
        let (ours, tracked) = paths::<Page>(r#"{"data":[{"id":1},{"id":1"#);
        assert_eq!(
            (ours.as_str(), tracked.as_str()),
            ("data[1].id", "data[1].?")
        );
    }

    #[test]
    fn positions_outside_the_body_are_the_root() {
        assert_eq!(path_at(br#"{"a":[1]}"#, 1, 7), "a[0]");
        assert_eq!(path_at(br#"{"a":[1]}"#, 1, 0), "");
        assert_eq!(path_at(br#"{"a":[1]}"#, 3, 1), "");
        assert_eq!(path_at(br#"{"a":[1]}"#, 1, 99), "");
    }
}

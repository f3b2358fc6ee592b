//! A plain text table: a header row, then rows, columns padded to their widest cell.

use std::io::Write;

/// How a column's cells are aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    /// Padded on the right.
    Left,
    /// Padded on the left (numbers, times).
    Right,
}

/// A table being built.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    columns: Vec<(&'static str, Align)>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column headers.
    pub(crate) fn new(columns: &[(&'static str, Align)]) -> Self {
        Self {
            columns: columns.to_vec(),
            rows: Vec::new(),
        }
    }

    /// Adds a row (missing cells are blank, extra ones ignored). Cells are made safe for a
    /// terminal (one line, control characters escaped, length capped): they carry names that
    /// came from a server.
    pub(crate) fn push(&mut self, row: Vec<String>) {
        let row = row
            .into_iter()
            .map(|cell| match crate::safe_text::one_line(&cell) {
                std::borrow::Cow::Borrowed(_) => cell,
                std::borrow::Cow::Owned(safe) => safe,
            })
            .collect();
        self.rows.push(row);
    }

    /// Writes the table, two spaces between columns, no trailing spaces.
    pub(crate) fn write(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let widths: Vec<usize> = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, (header, _))| {
                self.rows
                    .iter()
                    .filter_map(|row| row.get(i))
                    .map(|cell| cell.chars().count())
                    .chain([header.chars().count()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let header: Vec<String> = self.columns.iter().map(|(h, _)| (*h).to_owned()).collect();
        for row in std::iter::once(&header).chain(&self.rows) {
            let mut line = String::new();
            for (i, ((_, align), width)) in self.columns.iter().zip(&widths).enumerate() {
                let cell = row.get(i).map_or("", String::as_str);
                if i > 0 {
                    line.push_str("  ");
                }
                let pad = width.saturating_sub(cell.chars().count());
                match align {
                    Align::Left => {
                        line.push_str(cell);
                        line.extend(std::iter::repeat_n(' ', pad));
                    }
                    Align::Right => {
                        line.extend(std::iter::repeat_n(' ', pad));
                        line.push_str(cell);
                    }
                }
            }
            writeln!(out, "{}", line.trim_end())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_columns() {
        let mut t = Table::new(&[
            ("n", Align::Right),
            ("name", Align::Left),
            ("x", Align::Left),
        ]);
        t.push(vec!["10".into(), "a".into(), String::new()]);
        t.push(vec!["7".into(), "Gamertag".into(), "y".into()]);
        let mut out = Vec::new();
        t.write(&mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            " n  name      x\n10  a\n 7  Gamertag  y\n"
        );
    }

    #[test]
    fn cells_from_a_server_cannot_break_lines_or_send_escapes() {
        let mut t = Table::new(&[("name", Align::Left)]);
        t.push(vec!["a\nb\u{1b}[31mX".into()]);
        let mut out = Vec::new();
        t.write(&mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "name\na\\nb\\u{1b}[31mX\n");
    }
}

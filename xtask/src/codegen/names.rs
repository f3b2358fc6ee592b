//! Turning JSON keys and endpoint ids into Rust identifiers and type names.

/// `MatchId` -> `match_id`, `XPRequired` -> `xp_required`, `ISO8601Date` -> `iso8601_date`;
/// keywords become raw identifiers (`r#type`).
pub fn snake_case(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !out.ends_with('_') {
                out.push('_');
            }
            continue;
        }
        if c.is_ascii_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(char::is_ascii_lowercase);
            let boundary = prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower);
            if boundary && !out.ends_with('_') && !out.is_empty() {
                out.push('_');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    let mut out = out.trim_matches('_').to_owned();
    if out.is_empty() {
        out.push_str("field");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "n_");
    }
    match out.as_str() {
        "self" | "super" | "crate" | "Self" => out.push('_'),
        "as" | "break" | "const" | "continue" | "else" | "enum" | "extern" | "false" | "fn"
        | "for" | "if" | "impl" | "in" | "let" | "loop" | "match" | "mod" | "move" | "mut"
        | "pub" | "ref" | "return" | "static" | "struct" | "trait" | "true" | "type" | "unsafe"
        | "use" | "where" | "while" | "async" | "await" | "dyn" | "abstract" | "become" | "box"
        | "do" | "final" | "macro" | "override" | "priv" | "typeof" | "unsized" | "virtual"
        | "yield" | "try" | "gen" => out.insert_str(0, "r#"),
        _ => {}
    }
    out
}

/// `medals` -> `Medals`, `HIUGC_Discovery_GetMap` -> `HiugcDiscoveryGetMap`.
pub fn pascal_case(key: &str) -> String {
    let mut out = String::new();
    for part in key
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
    {
        let all_upper = part.chars().all(|c| !c.is_ascii_lowercase());
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            if all_upper && part.len() > 1 {
                out.extend(chars.map(|c| c.to_ascii_lowercase()));
            } else {
                out.extend(chars);
            }
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "Item");
    }
    out
}

/// `Players` -> `Player`, `Categories` -> `Category`, `Stats` stays (plural-only words kept).
pub fn singular(name: &str) -> String {
    if let Some(stem) = name.strip_suffix("ies") {
        if !stem.is_empty() {
            return format!("{stem}y");
        }
    }
    for keep in [
        "ss", "us", "is", "Stats", "Status", "News", "Data", "Details",
    ] {
        if name.ends_with(keep) {
            return name.to_owned();
        }
    }
    if let Some(stem) = name.strip_suffix("sses") {
        return format!("{stem}ss");
    }
    if let Some(stem) = name.strip_suffix("xes") {
        return format!("{stem}x");
    }
    match name.strip_suffix('s') {
        Some(stem) if !stem.is_empty() => stem.to_owned(),
        _ => format!("{name}Item"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert_eq!(snake_case("MatchId"), "match_id");
        assert_eq!(snake_case("XPRequired"), "xp_required");
        assert_eq!(snake_case("ISO8601Date"), "iso8601_date");
        assert_eq!(snake_case("type"), "r#type");
        assert_eq!(snake_case("$type"), "r#type");
        assert_eq!(snake_case("en-US"), "en_us");
        assert_eq!(
            pascal_case("HIUGC_Discovery_GetMap"),
            "HiugcDiscoveryGetMap"
        );
        assert_eq!(pascal_case("medals"), "Medals");
        assert_eq!(singular("Players"), "Player");
        assert_eq!(singular("Categories"), "Category");
        assert_eq!(singular("CoreStats"), "CoreStats");
    }
}

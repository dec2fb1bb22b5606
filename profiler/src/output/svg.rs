//! Interactive flamegraph SVG, drawn by inferno from the profile's
//! [folded stacks](super::folded).
//!
//! - The title names the target, the duration, the sample count and the interval
//!   ([`super::title`]); the subtitle lists the notes ([`super::notes`]): lost samples, a target
//!   that exited early, the depth limit.
//! - Allocation profiles count `bytes` and use inferno's memory palette.
//! - Colors are chosen from the function name (`deterministic`), so one function has one color
//!   in every graph.
//! - A profile without samples still gives a valid SVG, one that says so (inferno itself refuses
//!   empty input).

use super::folded;
use crate::profile::{Profile, SampleType};
use inferno::flamegraph::{self, Options, Palette, color::BasicPalette};
use std::io::{self, Write};

/// Writes the flamegraph of `profile`.
pub fn write(profile: &Profile, out: &mut dyn Write) -> io::Result<()> {
    let title = super::title(profile);
    let notes = super::notes(&profile.meta);
    let subtitle = (!notes.is_empty()).then(|| notes.join("; "));
    let stacks = folded::folded_stacks(profile);
    if stacks.is_empty() {
        return write_empty(&title, subtitle.as_deref(), out);
    }
    let lines: Vec<String> = stacks
        .into_iter()
        .map(|(stack, weight)| format!("{stack} {weight}"))
        .collect();
    let mut options = Options::default();
    options.title = title;
    options.subtitle = subtitle;
    options.count_name = super::count_name(profile.sample_type).to_string();
    options.name_type = "Function:".to_string();
    options.deterministic = true;
    if profile.sample_type != SampleType::Cpu {
        options.colors = Palette::Basic(BasicPalette::Mem);
    }
    flamegraph::from_lines(&mut options, lines.iter().map(String::as_str), out)
}

/// A small SVG that shows the title and says there was nothing to draw.
fn write_empty(title: &str, subtitle: Option<&str>, out: &mut dyn Write) -> io::Result<()> {
    let height = if subtitle.is_some() { 110 } else { 90 };
    writeln!(out, r#"<?xml version="1.0" standalone="no"?>"#)?;
    writeln!(
        out,
        r#"<svg version="1.1" width="1200" height="{height}" viewBox="0 0 1200 {height}" xmlns="http://www.w3.org/2000/svg">"#
    )?;
    writeln!(
        out,
        r#"<rect x="0" y="0" width="100%" height="100%" fill="rgb(245,245,245)"/>"#
    )?;
    writeln!(
        out,
        r#"<text id="title" x="50%" y="24" text-anchor="middle" font-family="Verdana" font-size="17">{}</text>"#,
        xml_escape(title)
    )?;
    let mut y = 48;
    if let Some(subtitle) = subtitle {
        writeln!(
            out,
            r#"<text id="subtitle" x="50%" y="{y}" text-anchor="middle" font-family="Verdana" font-size="12">{}</text>"#,
            xml_escape(subtitle)
        )?;
        y += 24;
    }
    writeln!(
        out,
        r#"<text id="empty" x="50%" y="{}" text-anchor="middle" font-family="Verdana" font-size="14">No samples were collected: there is no flamegraph to draw.</text>"#,
        y + 12
    )?;
    writeln!(out, "</svg>")
}

fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::ProfileMeta;
    use crate::sample::{Frame, Sample};
    use quick_xml::Reader;
    use quick_xml::events::Event;

    /// Parses the whole document and returns the text of every text node, unescaped; fails on
    /// any XML error or on unbalanced tags.
    fn xml_texts(svg: &str) -> Vec<String> {
        let mut reader = Reader::from_str(svg);
        reader.config_mut().check_end_names = true;
        let mut texts = Vec::new();
        let mut depth = 0i64;
        let mut saw_root = false;
        let mut current = String::new();
        loop {
            let event = reader.read_event();
            if !matches!(event, Ok(Event::Text(_)) | Ok(Event::GeneralRef(_))) && !current.is_empty() {
                texts.push(std::mem::take(&mut current));
            }
            match event {
                Ok(Event::Eof) => break,
                Ok(Event::Start(e)) => {
                    if depth == 0 {
                        assert_eq!(e.name().as_ref(), b"svg", "root element");
                        saw_root = true;
                    }
                    depth += 1;
                }
                Ok(Event::End(_)) => depth -= 1,
                Ok(Event::Text(t)) => current.push_str(&t.decode().unwrap()),
                Ok(Event::GeneralRef(r)) => {
                    let name = r.decode().unwrap().into_owned();
                    let code = match name.strip_prefix("#x") {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => name.strip_prefix('#').and_then(|d| d.parse().ok()),
                    };
                    let ch = match (name.as_str(), code.and_then(char::from_u32)) {
                        (_, Some(c)) => c.to_string(),
                        ("amp", _) => "&".to_string(),
                        ("lt", _) => "<".to_string(),
                        ("gt", _) => ">".to_string(),
                        ("quot", _) => "\"".to_string(),
                        ("apos", _) => "'".to_string(),
                        (other, _) => panic!("unexpected entity &{other};"),
                    };
                    current.push_str(&ch);
                }
                Ok(_) => {}
                Err(e) => panic!("invalid XML at {}: {e}", reader.buffer_position()),
            }
        }
        assert!(saw_root, "no <svg> root");
        assert_eq!(depth, 0, "unbalanced tags");
        texts
    }

    fn render(p: &Profile) -> String {
        let mut out = Vec::new();
        write(p, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn flamegraph_has_title_notes_and_frames() {
        let meta = ProfileMeta {
            target: "pid 1234 (my<app>)".into(),
            duration_ns: 30_000_000_000,
            interval_ns: 10_000_000,
            lost_samples: 2,
            notes: vec!["target exited early & was not restarted".into()],
            ..ProfileMeta::default()
        };
        let mut p = Profile::new(meta, SampleType::Cpu);
        for (names, weight) in [(vec!["main", "hot_a"], 70), (vec!["main", "hot_b<T>"], 30)] {
            p.add(Sample {
                frames: names.into_iter().map(|n| Frame::native(n, None)).collect(),
                thread: None,
                weight,
            });
        }
        let svg = render(&p);
        let texts = xml_texts(&svg);
        let all = texts.join("\n");
        assert!(
            all.contains("CPU: pid 1234 (my<app>), 30.0 s, 100 samples at 10 ms"),
            "{all}"
        );
        assert!(
            all.contains("target exited early & was not restarted; 2 samples lost"),
            "{all}"
        );
        // Frame names appear in the tooltips with their share.
        assert!(all.contains("hot_a (70 samples, 70.00%)"), "{all}");
        assert!(all.contains("hot_b<T> (30 samples, 30.00%)"), "{all}");
        assert!(all.contains("main (100 samples, 100.00%)"), "{all}");
    }

    #[test]
    fn allocation_profiles_count_bytes() {
        let mut p = Profile::new(ProfileMeta::default(), SampleType::AllocBytes);
        p.add(Sample {
            frames: vec![Frame::native("main", None), Frame::native("malloc", None)],
            thread: None,
            weight: 4096,
        });
        let all = xml_texts(&render(&p)).join("\n");
        assert!(all.contains("malloc (4,096 bytes, 100.00%)"), "{all}");
        assert!(all.contains("Heap: unknown target, 4,096 bytes in use"), "{all}");
    }

    #[test]
    fn empty_profile_gives_a_valid_svg_that_says_so() {
        let meta = ProfileMeta {
            target: "pid 7 (idle)".into(),
            duration_ns: 1_000_000_000,
            interval_ns: 10_000_000,
            notes: vec!["target <exited> before the first sample".into()],
            ..ProfileMeta::default()
        };
        let p = Profile::new(meta, SampleType::Cpu);
        let all = xml_texts(&render(&p)).join("\n");
        assert!(all.contains("CPU: pid 7 (idle), 1.0 s, 0 samples at 10 ms"), "{all}");
        assert!(all.contains("target <exited> before the first sample"), "{all}");
        assert!(all.contains("No samples were collected"), "{all}");
    }
}

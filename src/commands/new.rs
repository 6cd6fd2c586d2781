//! `lookout new PATH`: a page (or, with a trailing `/`, a section) to start from, with the
//! front matter a page needs filled in, the sections above it made where missing, and a stub
//! for each translation asked for.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use lookout_site::{CampaignPaths, Config};

use super::RootArg;
use super::scaffold::{list, title_from, today, translation_stub, write_new, yaml_text};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    root: RootArg,
    /// Where the page goes under pages/, such as `news/winter-campaign`; end it with `/` for a
    /// section (`news/`).
    path: String,
    /// Audiences the page is for, from config.yaml: `--audiences taxi-drivers,hoteliers`.
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    audiences: Vec<String>,
    /// Translations to start, each a stub marked `translation: needed`: `--languages pl,ur`.
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    languages: Vec<String>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let paths = CampaignPaths::new(args.root.path()?);
    let config = Config::read(&paths)
        .with_context(|| format!("could not read the campaign in {}", paths.root.display()))?;
    let (folders, name) = split_path(&args.path)?;
    let audiences = list(&args.audiences);
    let languages = list(&args.languages);
    check_choices(&paths, &config, &audiences, &languages)?;

    let pages = paths.pages();
    // Every folder on the way gets its section page, so the new page has a section to list it.
    let mut made = Vec::new();
    let above = folders.len() - usize::from(name.is_none());
    for depth in 1..=above {
        let folder = folders[..depth].join("/");
        let index = pages.join(&folder).join("_index.md");
        if !index.exists() {
            let title = title_from(&folders[depth - 1]);
            write_new(&index, &front_matter(&title, false, &[]))?;
            made.push(index);
        }
    }
    let file = match &name {
        Some(name) => pages.join(folders.join("/")).join(format!("{name}.md")),
        None => pages.join(folders.join("/")).join("_index.md"),
    };
    let title = title_from(
        name.as_deref()
            .unwrap_or_else(|| folders.last().map_or("", |f| f)),
    );
    let text = front_matter(&title, true, &audiences);
    write_new(&file, &text)?;
    let mut stubs = Vec::new();
    for lang in &languages {
        let stub = translated_name(&file, lang);
        write_new(&stub, &translation_stub(&text, &file.display().to_string()))?;
        stubs.push(stub);
    }
    for index in &made {
        say(&format!("made {} (the section's page)", index.display()));
    }
    say(&format!(
        "made {} (a draft: set draft: false to publish it)",
        file.display()
    ));
    for stub in &stubs {
        say(&format!(
            "made {} (marked translation: needed, so it stays out of the site until translated)",
            stub.display()
        ));
    }
    Ok(())
}

/// `news/winter-campaign` → (`[news]`, `Some(winter-campaign)`); `news/` → (`[news]`, `None`).
fn split_path(path: &str) -> anyhow::Result<(Vec<String>, Option<String>)> {
    let trimmed = path.trim().trim_start_matches("pages/");
    let section = trimmed.ends_with('/');
    let trimmed = trimmed.trim_matches('/');
    let trimmed = trimmed.strip_suffix(".md").unwrap_or(trimmed);
    let mut parts: Vec<String> = trimmed.split('/').map(str::to_string).collect();
    for part in &parts {
        let fine = !part.is_empty()
            && part != "_index"
            && part
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !fine {
            bail!(
                "`{path}`: each part of the address must be lower-case letters, digits and -, such as news/winter-campaign"
            );
        }
    }
    if section {
        return Ok((parts, None));
    }
    let name = parts.pop();
    Ok((parts, name))
}

fn check_choices(
    paths: &CampaignPaths,
    config: &Config,
    audiences: &[String],
    languages: &[String],
) -> anyhow::Result<()> {
    let config_file = paths.config();
    for id in audiences {
        if config.audience(id).is_none() {
            let listed: Vec<&str> = config.audiences.iter().map(|a| a.id.as_str()).collect();
            bail!(
                "--audiences: `{id}` is not an audience of this campaign; {} lists {} (add it under `audiences:` there)",
                config_file.display(),
                if listed.is_empty() {
                    "none".to_string()
                } else {
                    listed.join(", ")
                }
            );
        }
    }
    let default = &config.default_language().code;
    for lang in languages {
        if lang == default {
            bail!(
                "--languages: `{lang}` is the default language, the page's own; name the translations (other languages in {})",
                config_file.display()
            );
        }
        if config.language(lang).is_none() {
            let listed: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
            bail!(
                "--languages: `{lang}` is not a language of this campaign; {} lists {} (add it under `languages:` there)",
                config_file.display(),
                listed.join(", ")
            );
        }
    }
    Ok(())
}

fn front_matter(title: &str, draft: bool, audiences: &[String]) -> String {
    let mut text = format!(
        "---\ntitle: {}\ndescription: \ndate: {}\n",
        yaml_text(title),
        today()
    );
    if draft {
        text.push_str("draft: true\n");
    }
    if !audiences.is_empty() {
        text.push_str(&format!("audiences: [{}]\n", audiences.join(", ")));
    }
    text.push_str("---\n\nWrite the page here in Markdown.\n");
    text
}

/// `pages/news/launch.md` in `pl` → `pages/news/launch.pl.md`.
fn translated_name(file: &Path, lang: &str) -> PathBuf {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    file.with_file_name(format!("{stem}.{lang}.md"))
}

fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout(), "{line}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_pages_and_sections() {
        let page = split_path("news/winter-campaign").unwrap();
        assert_eq!(
            page,
            (
                vec!["news".to_string()],
                Some("winter-campaign".to_string())
            )
        );
        assert_eq!(
            split_path("news/").unwrap(),
            (vec!["news".to_string()], None)
        );
        assert_eq!(
            split_path("pages/about.md").unwrap(),
            (vec![], Some("about".to_string()))
        );
        assert!(split_path("News/Winter Campaign").is_err());
        assert!(split_path("a//b").is_err());
    }
}

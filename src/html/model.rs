//! The HTML model: the text model's stages, each with weights over the layout
//! features too, and boosted trees that may ask about the text, context and layout
//! features. Stored in `seeds/model_html.txt` in the format of `seeds/model.txt`
//! (`stage N`, then `feature weight` lines, then `tree` lines), where the layout
//! and window features' names ([`super::window::names`]) stand beside the text and
//! context features.
//!
//! HTML blocks go through the one classifier of [`crate::revise`]: a block's
//! layout dot product is added to its line's per-stage dot product before the
//! context stages run, so that every stage sees text, layout and context; the trees
//! read the layout features after the context ones ([`crate::boost::HTML_DIM`]).

use super::window::{BLOCK, names};
use crate::score::{MODEL_WEIGHTS, Model};
use once_cell::sync::Lazy;

/// The fitted HTML model, compiled in (an empty file means: the text model alone).
static MODEL_HTML: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/model_html.txt"));

/// A model for HTML blocks.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct HtmlModel {
    /// The stages' weights over the text and context features.
    pub text: Model,
    /// Each stage's weights over the layout features.
    pub layout: Vec<[f32; BLOCK]>,
}

impl HtmlModel {
    /// Parses the text format: the layout lines are taken out, the rest is read as a
    /// text model.
    pub(crate) fn parse(text: &str) -> Result<HtmlModel, String> {
        let names = names();
        let mut rest = String::with_capacity(text.len());
        let mut layout: Vec<[f32; BLOCK]> = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.starts_with("stage ") {
                layout.push([0.0; BLOCK]);
            }
            let name = line.split_whitespace().next().unwrap_or("");
            if let Some(j) = names.iter().position(|n| n == name) {
                let w: f32 = line[name.len()..]
                    .trim()
                    .parse()
                    .map_err(|_| format!("model line {}: bad weight", i + 1))?;
                let stage = layout
                    .last_mut()
                    .ok_or_else(|| format!("model line {}: weight before a stage", i + 1))?;
                if !w.is_finite() {
                    return Err(format!("model line {}: weight is not finite", i + 1));
                }
                stage[j] = w;
                // Keep the line count, so that the text model's errors name the line.
                rest.push('\n');
            } else {
                rest.push_str(raw);
                rest.push('\n');
            }
        }
        let text = Model::parse_with(&rest, crate::boost::HTML_DIM).map_err(|e| e.to_string())?;
        layout.truncate(text.stages.len());
        Ok(HtmlModel { text, layout })
    }

    /// Writes the model: each stage's text, layout and context weights.
    #[cfg(any(test, feature = "train"))]
    pub(crate) fn to_text(&self, header: &str) -> String {
        let text = self.text.to_text(header);
        let names = names();
        let mut out = String::with_capacity(text.len() * 2);
        let mut stage = 0;
        let mut lines = text.lines().peekable();
        while let Some(line) = lines.next() {
            out.push_str(line);
            out.push('\n');
            if line.starts_with("stage ") {
                stage += 1;
            }
            // The layout weights follow the stage's per-line weights.
            let next_is_context = lines
                .peek()
                .is_none_or(|l| l.starts_with("ctx_") || l.starts_with("stage "));
            if stage > 0
                && !line.starts_with("ctx_")
                && !line.starts_with("tree ")
                && next_is_context
                && let Some(w) = self.layout.get(stage - 1)
            {
                for (name, w) in names.iter().zip(w) {
                    out.push_str(&format!("{name} {w:.5}\n"));
                }
            }
        }
        out
    }

    /// The text model with no layout weights.
    pub(crate) fn text_only(text: Model) -> HtmlModel {
        let layout = vec![[0.0; BLOCK]; text.stages.len()];
        HtmlModel { text, layout }
    }
}

/// The HTML model compiled into the library.
pub(crate) static HTML_MODEL: Lazy<HtmlModel> = Lazy::new(|| {
    if MODEL_HTML
        .lines()
        .all(|l| l.trim().is_empty() || l.starts_with('#'))
    {
        HtmlModel::text_only(MODEL_WEIGHTS.clone())
    } else {
        HtmlModel::parse(MODEL_HTML).unwrap_or_else(|e| panic!("seeds/model_html.txt: {e}"))
    }
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_model_parses() {
        assert_eq!(HTML_MODEL.layout.len(), HTML_MODEL.text.stages.len());
    }

    #[test]
    fn round_trips() {
        let mut m = HtmlModel::text_only(Model::fallback());
        m.text.stages.push(m.text.stages[0].clone());
        m.layout.push([0.0; BLOCK]);
        m.layout[0][3] = 0.5;
        m.layout[1][BLOCK - 1] = -1.25;
        m.text.stages[1].context[2] = 0.75;
        // A tree over a text feature and a layout feature.
        m.text.trees.push(crate::boost::Tree {
            features: vec![1, (crate::boost::DIM + 3) as u16],
            thresholds: vec![0.5, 0.25],
            leaves: vec![0.1, -0.2, 0.3, -0.4],
        });
        let text = m.to_text("a header");
        assert_eq!(HtmlModel::parse(&text).unwrap(), m, "{text}");
        let tree = text.lines().find(|l| l.starts_with("tree ")).unwrap();
        assert!(tree.contains(&format!(" {} 0.25 :", names()[3])), "{tree}");
        // The text model's trees may not ask about layout features.
        let bare = format!("stage 1\nstage 2\n{tree}\n");
        assert!(Model::parse(&bare).is_err());
        assert!(Model::parse_with(&bare, crate::boost::HTML_DIM).is_ok());
        assert!(HtmlModel::parse("stage 1\ntok_nav x\n").is_err());
        assert!(HtmlModel::parse("tok_nav 1\n").is_err());
    }
}

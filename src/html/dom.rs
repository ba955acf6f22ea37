//! The document tree the walk reads: built by html5ever's tree builder, as `scraper`'s
//! is, but light. Nodes live in one vector and link to each other by index; text lives
//! in one string; an element keeps its name, what the walk needs to know of it
//! ([`super::elements::ElementInfo`], worked out once when it is created) and only the
//! attributes whose values the walk reads later (`class`, `id`, `itemprop`, `role`).
//! Comments, doctypes and processing instructions are nodes without content: they
//! still separate the text nodes around them, as in `scraper`'s tree.
//!
//! The tree has the shape of `scraper`'s for the same input (the tests compare the
//! two), except that the text inside `script`, `style`, `noscript`, `title` and
//! `iframe` elements is not kept: the walk drops those elements with their contents,
//! and their content is raw text, which the tree builder never moves elsewhere.

use super::elements::{ElementInfo, NameInfo};
use html5ever::tendril::StrTendril;
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, LocalName, QualName, local_name, ns};
use std::borrow::Cow;
use std::cell::{Ref, RefCell};

/// A node's index in [`Dom::nodes`].
pub(crate) type NodeId = usize;

/// No node: the missing parent, sibling or child.
pub(crate) const NONE: NodeId = usize::MAX;

/// The document node's id.
pub(crate) const DOCUMENT: NodeId = 0;

/// A parsed document.
#[derive(Debug)]
pub(crate) struct Dom {
    /// Every node created, attached to the document or not; the document first.
    pub nodes: Vec<Node>,
    /// The elements' data, for [`Data::Element`].
    pub elements: Vec<Element>,
    /// The text of the text nodes, for [`Data::Text`].
    pub text: String,
    /// The name returned for a node that is not an element (the tree builder asks
    /// only about elements).
    no_name: QualName,
    /// What the names seen lately say of their elements, by a hash of the name.
    names: Vec<Option<(LocalName, NameInfo)>>,
}

/// Entries of [`Dom::names`]: a few dozen names make most of a page's elements.
const NAME_SLOTS: usize = 64;

/// A node and its links (each [`NONE`] when absent).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Node {
    pub parent: NodeId,
    pub prev: NodeId,
    pub next: NodeId,
    pub first: NodeId,
    pub last: NodeId,
    pub data: Data,
}

/// What a node is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Data {
    /// The document.
    Document,
    /// Text: the byte range of [`Dom::text`].
    Text { start: usize, end: usize },
    /// An element: its index in [`Dom::elements`].
    Element(usize),
    /// A comment, doctype, processing instruction or template contents.
    Other,
}

/// An element.
#[derive(Debug)]
pub(crate) struct Element {
    pub name: QualName,
    /// The attributes the walk reads when it enters the element (all of them for
    /// `html` and `body`, whose attributes a later tag may add to).
    pub attrs: Vec<Attribute>,
    pub info: ElementInfo,
}

impl Dom {
    fn new(capacity: usize) -> Dom {
        let mut nodes = Vec::with_capacity(capacity);
        nodes.push(Node::new(Data::Document));
        Dom {
            nodes,
            elements: Vec::with_capacity(capacity / 2),
            text: String::new(),
            no_name: QualName::new(None, ns!(), local_name!("")),
            names: vec![None; NAME_SLOTS],
        }
    }

    /// [`ElementInfo::of`], with what the name says looked up in [`Dom::names`].
    fn element_info(&mut self, name: &QualName, attrs: &[Attribute]) -> ElementInfo {
        let key = name.local.unsafe_data();
        let slot = ((key ^ key >> 32).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 58) as usize;
        let known = match &self.names[slot] {
            Some((local, known)) if *local == name.local => *known,
            _ => {
                let known = NameInfo::of(&name.local);
                self.names[slot] = Some((name.local.clone(), known));
                known
            }
        };
        ElementInfo::with(known, name, attrs)
    }

    /// The node `id`.
    pub(crate) fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id]
    }

    /// The element of a node, if it is one.
    pub(crate) fn element(&self, id: NodeId) -> Option<&Element> {
        match self.nodes[id].data {
            Data::Element(e) => self.elements.get(e),
            _ => None,
        }
    }

    fn push(&mut self, data: Data) -> NodeId {
        self.nodes.push(Node::new(data));
        self.nodes.len() - 1
    }

    /// Unlinks `id` from its parent and siblings.
    fn detach(&mut self, id: NodeId) {
        let Node {
            parent, prev, next, ..
        } = self.nodes[id];
        if parent == NONE {
            return;
        }
        let node = &mut self.nodes[id];
        node.parent = NONE;
        node.prev = NONE;
        node.next = NONE;
        if prev != NONE {
            self.nodes[prev].next = next;
        } else {
            self.nodes[parent].first = next;
        }
        if next != NONE {
            self.nodes[next].prev = prev;
        } else {
            self.nodes[parent].last = prev;
        }
    }

    /// Makes `child` the last child of `parent` (as `ego_tree`'s `append_id`: nothing
    /// happens if it already is).
    fn append_node(&mut self, parent: NodeId, child: NodeId) {
        if parent == child || self.nodes[parent].last == child {
            return;
        }
        self.detach(child);
        let last = self.nodes[parent].last;
        let node = &mut self.nodes[child];
        node.parent = parent;
        node.prev = last;
        if last != NONE {
            self.nodes[last].next = child;
        } else {
            self.nodes[parent].first = child;
        }
        self.nodes[parent].last = child;
    }

    /// Puts `new` right before `sibling`, which has a parent.
    fn insert_before(&mut self, sibling: NodeId, new: NodeId) {
        if sibling == new {
            return;
        }
        self.detach(new);
        let parent = self.nodes[sibling].parent;
        let prev = self.nodes[sibling].prev;
        let node = &mut self.nodes[new];
        node.parent = parent;
        node.prev = prev;
        node.next = sibling;
        if prev != NONE {
            self.nodes[prev].next = new;
        } else {
            self.nodes[parent].first = new;
        }
        self.nodes[sibling].prev = new;
    }

    /// Adds `text` to the text node `id`.
    fn extend_text(&mut self, id: NodeId, text: &str) {
        if let Data::Text { start, end } = self.nodes[id].data {
            let (start, end) = if end == self.text.len() {
                (start, end)
            } else {
                // Not the last text written: moved to the end first.
                let moved = self.text.len();
                self.text.extend_from_within(start..end);
                (moved, self.text.len())
            };
            self.text.push_str(text);
            self.nodes[id].data = Data::Text {
                start,
                end: end + text.len(),
            };
        }
    }

    /// A new text node, detached.
    fn new_text(&mut self, text: &str) -> NodeId {
        let start = self.text.len();
        self.text.push_str(text);
        self.push(Data::Text {
            start,
            end: self.text.len(),
        })
    }

    fn is_text(&self, id: NodeId) -> bool {
        id != NONE && matches!(self.nodes[id].data, Data::Text { .. })
    }
}

impl Node {
    fn new(data: Data) -> Node {
        Node {
            parent: NONE,
            prev: NONE,
            next: NONE,
            first: NONE,
            last: NONE,
            data,
        }
    }
}

/// The tree builder's sink: builds a [`Dom`], as `scraper`'s `HtmlTreeSink` builds
/// its tree (same merging of adjacent text, same template contents, no MathML
/// integration points).
pub(crate) struct DomSink(RefCell<Dom>);

impl DomSink {
    /// A sink for a document of about `bytes` bytes.
    pub(crate) fn new(bytes: usize) -> DomSink {
        DomSink(RefCell::new(Dom::new(bytes / 64 + 16)))
    }
}

/// A tree sink that counts the nodes it has made: the parse's depth guard
/// ([`super::parse`]) counts the elements the tree builder holds only when the nodes
/// made since its last count could have filled it.
pub(crate) trait CountsNodes {
    /// The number of nodes made so far.
    fn nodes_made(&self) -> usize;
}

impl CountsNodes for DomSink {
    fn nodes_made(&self) -> usize {
        self.0.borrow().nodes.len()
    }
}

impl TreeSink for DomSink {
    type Handle = NodeId;
    type Output = Dom;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Dom {
        self.0.into_inner()
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> NodeId {
        DOCUMENT
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Ref<'a, QualName> {
        Ref::map(self.0.borrow(), |dom| match dom.element(*target) {
            Some(e) => &e.name,
            None => &dom.no_name,
        })
    }

    fn create_element(
        &self,
        name: QualName,
        mut attrs: Vec<Attribute>,
        flags: ElementFlags,
    ) -> NodeId {
        let mut dom = self.0.borrow_mut();
        let info = dom.element_info(&name, &attrs);
        if !keeps_all_attrs(&name) {
            attrs.retain(|a| ElementInfo::reads_later(&a.name));
        }
        dom.elements.push(Element { name, attrs, info });
        let e = dom.elements.len() - 1;
        let id = dom.push(Data::Element(e));
        if flags.template {
            let contents = dom.push(Data::Other);
            dom.append_node(id, contents);
        }
        id
    }

    fn create_comment(&self, _text: StrTendril) -> NodeId {
        self.0.borrow_mut().push(Data::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> NodeId {
        self.0.borrow_mut().push(Data::Other)
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        let mut dom = self.0.borrow_mut();
        let parent = *parent;
        match child {
            NodeOrText::AppendNode(id) => dom.append_node(parent, id),
            NodeOrText::AppendText(text) => {
                if dom.element(parent).is_some_and(|e| e.info.drops_text()) {
                    return;
                }
                let last = dom.nodes[parent].last;
                if dom.is_text(last) {
                    dom.extend_text(last, &text);
                } else {
                    let id = dom.new_text(&text);
                    dom.append_node(parent, id);
                }
            }
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        let has_parent = self.0.borrow().nodes[*element].parent != NONE;
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(
        &self,
        _name: StrTendril,
        _public: StrTendril,
        _system: StrTendril,
    ) {
        let mut dom = self.0.borrow_mut();
        let id = dom.push(Data::Other);
        dom.append_node(DOCUMENT, id);
    }

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        // As `scraper`: the template's first child, made when it was created.
        match self.0.borrow().nodes[*target].first {
            NONE => *target,
            first => first,
        }
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        let mut dom = self.0.borrow_mut();
        let sibling = *sibling;
        if let NodeOrText::AppendNode(id) = new_node {
            dom.detach(id);
        }
        if dom.nodes[sibling].parent == NONE {
            return;
        }
        match new_node {
            NodeOrText::AppendNode(id) => dom.insert_before(sibling, id),
            NodeOrText::AppendText(text) => {
                let prev = dom.nodes[sibling].prev;
                if dom.is_text(prev) {
                    dom.extend_text(prev, &text);
                } else {
                    let id = dom.new_text(&text);
                    dom.insert_before(sibling, id);
                }
            }
        }
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        let mut dom = self.0.borrow_mut();
        let Data::Element(e) = dom.nodes[*target].data else {
            return;
        };
        let Some(element) = dom.elements.get_mut(e) else {
            return;
        };
        // The tree builder adds attributes to `html` and `body` only, which keep all
        // of theirs.
        debug_assert!(keeps_all_attrs(&element.name), "{:?}", element.name);
        for attr in attrs {
            if !element.attrs.iter().any(|a| a.name == attr.name) {
                element.attrs.push(attr);
            }
        }
        element.info = ElementInfo::of(&element.name, &element.attrs);
    }

    fn remove_from_parent(&self, target: &NodeId) {
        self.0.borrow_mut().detach(*target);
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        let (node, new_parent) = (*node, *new_parent);
        if node == new_parent {
            return;
        }
        let mut dom = self.0.borrow_mut();
        let (first, last) = (dom.nodes[node].first, dom.nodes[node].last);
        if first == NONE {
            return;
        }
        dom.nodes[node].first = NONE;
        dom.nodes[node].last = NONE;
        let mut child = first;
        while child != NONE {
            dom.nodes[child].parent = new_parent;
            child = dom.nodes[child].next;
        }
        let old_last = dom.nodes[new_parent].last;
        if old_last == NONE {
            dom.nodes[new_parent].first = first;
        } else {
            dom.nodes[old_last].next = first;
            dom.nodes[first].prev = old_last;
        }
        dom.nodes[new_parent].last = last;
    }
}

/// Whether an element keeps all its attributes: `html` and `body`, to which the tree
/// builder may add more.
fn keeps_all_attrs(name: &QualName) -> bool {
    name.local == local_name!("html") || name.local == local_name!("body")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::parse::{parse_document, parse_in_chunks};

    /// A tree as one string: elements by namespace and name, with children in
    /// brackets; text quoted; other nodes as `#`.
    fn ours(dom: &Dom, id: NodeId, out: &mut String) {
        let node = dom.node(id);
        match node.data {
            Data::Document => out.push_str("doc"),
            Data::Text { start, end } => out.push_str(&format!("{:?}", &dom.text[start..end])),
            Data::Element(e) => {
                let e = &dom.elements[e];
                out.push_str(&format!("{}:{}", &*e.name.ns, &*e.name.local));
            }
            Data::Other => out.push('#'),
        }
        if node.first != NONE {
            out.push('[');
            let mut child = node.first;
            while child != NONE {
                assert_eq!(dom.node(child).parent, id);
                ours(dom, child, out);
                out.push(' ');
                child = dom.node(child).next;
            }
            out.push(']');
        }
    }

    fn theirs(node: ego_tree::NodeRef<'_, scraper::Node>, out: &mut String) {
        let mut drops_text = false;
        match node.value() {
            scraper::Node::Document => out.push_str("doc"),
            scraper::Node::Text(t) => out.push_str(&format!("{:?}", &**t)),
            scraper::Node::Element(e) => {
                out.push_str(&format!("{}:{}", &*e.name.ns, &*e.name.local));
                drops_text = ElementInfo::of(&e.name, &[]).drops_text();
            }
            _ => out.push('#'),
        }
        let children: Vec<_> = node
            .children()
            .filter(|c| !(drops_text && c.value().is_text()))
            .collect();
        if !children.is_empty() {
            out.push('[');
            for child in children {
                theirs(child, out);
                out.push(' ');
            }
            out.push(']');
        }
    }

    fn scrapers(html: &str) -> String {
        let mut b = String::new();
        theirs(scraper::Html::parse_document(html).tree.root(), &mut b);
        b
    }

    fn ours_in_chunks(html: &str, chunk: usize) -> String {
        let dom = parse_in_chunks(html, chunk);
        let mut a = String::new();
        ours(&dom, DOCUMENT, &mut a);
        a
    }

    fn same_tree(html: &str) {
        let dom = parse_document(html);
        let mut a = String::new();
        ours(&dom, DOCUMENT, &mut a);
        assert_eq!(a, scrapers(html), "{html}");
    }

    /// Raw text skipped: what follows the element parses as in `scraper`'s tree,
    /// whatever the pieces the input comes in.
    #[test]
    fn raw_text_skipped() {
        for html in [
            "<script>if (a < b && c </b) {}</script><p>after</p>",
            "<script><!-- </script> --><p>x</p>",
            "<script><!--<script>x</script>y--></script><p>z</p>",
            "<script><!--<script>--></script><i>q</i>",
            "<SCRIPT>a</SCRIPT\r\n><b>b</b>",
            "<style>p{}</stylex></style ><u>u</u>",
            "<title>a &amp; <b></title><p>t</p>",
            "<noscript><p>n</p></noscript><p>m</p>",
            "<iframe><p>i</iframe><p>j</p>",
            "<p><script>unclosed <b>",
            "<script>a</script/><p>s</p>",
            "<table><script>x</script><tr><td>c</table>",
            "<svg><script>s<b>x</b></script></svg><p>y</p>",
            "<xmp><b></xmp><textarea>t</textarea><noembed>e</noembed>",
        ] {
            let want = scrapers(html);
            for chunk in [1, 2, 3, 5, 8, 1 << 20] {
                assert_eq!(ours_in_chunks(html, chunk), want, "{html} in {chunk}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn raw_text_skipped_any(parts in proptest::collection::vec(0..PARTS.len(), 0..30), chunk in 1usize..9) {
            let html: String = parts.iter().map(|&i| PARTS[i]).collect();
            proptest::prop_assert_eq!(ours_in_chunks(&html, chunk), scrapers(&html), "{}", html);
        }
    }

    /// Pieces of markup around raw text elements, for [`raw_text_skipped_any`].
    const PARTS: &[&str] = &[
        "<script>",
        "</script>",
        "<SCRIPT type=x>",
        "</script ",
        "</scriptx>",
        "</Script/",
        "<!--",
        "-->",
        "<!-",
        "-",
        "--",
        "<",
        "/",
        ">",
        "<script",
        "</",
        "script",
        "x",
        " ",
        "\r",
        "\n",
        "\t",
        "<style>",
        "</style>",
        "<title>",
        "</title>",
        "<p>",
        "</p>",
        "<textarea>",
        "</textarea>",
        "<noscript>",
        "</noscript>",
        "<iframe>",
        "</iframe>",
        "&amp;",
        "&",
        "<svg>",
        "</svg>",
        "<b>",
        "</b>",
        "<table>",
        "<td>",
        "\u{e9}",
        "\0",
        "<xmp>",
        "</xmp>",
        "<template>",
        "</template>",
        "<math>",
        "<body>",
        "<head>",
    ];

    #[test]
    fn the_tree_is_scrapers() {
        for html in [
            "",
            "<!doctype html><p>a<p>b",
            "<table><tr><td>x</table>",
            "<table>before<tr>in<td>x</td>after</tr></table>",
            "<table><b>foster</b><tr><td>c</td></tr>x<!--c-->y</table>",
            "<b><i>x</b>y</i>",
            "<a href=1>one<div>two</a>three</div>",
            "<b><p>x<b>y<p>z</b>w</p>",
            "<p><b><i><u>x<div>y</b>z</div>",
            "<script>if (a < b) {}</script><p>z",
            "<style>p{}</style><noscript><p>n</p></noscript><title>t</title>",
            "<textarea><p>raw</textarea><xmp><b></xmp><pre>\nx</pre>",
            "<!doctype html><html><head><title>t</title></head><body>\u{e9}</body></html>",
            "<template><p>in<td>x</template>after<template>y</template>",
            "<svg><g class=a><text>s</text></g><foreignObject><p>f</p></foreignObject></svg>z",
            "<math><mi>x</mi><annotation-xml encoding=text/html><p>h</p></annotation-xml></math>",
            "<html class=a><body id=b><p>x</p><body class=c hidden><html lang=en>",
            "<frameset><frame></frameset>x",
            "<p>1996-<!-- -->2019<!----> Ziff</p>",
            "a</br>b</p>c<select><option>o<optgroup>g</select>",
            "<table><caption>c<table>x</table>",
            "<ul><li>a<li>b<ol><li>c</ul>d",
            "<body></body></html>late text<!-- late -->",
            "<p>\r\n\0x&amp;y&#0;&nosuch;</p>",
        ] {
            same_tree(html);
        }
    }

    #[test]
    fn attributes_kept() {
        let dom = parse_document(
            "<div class=a id=b data-x=1 itemprop=c role=main style='x'>t</div>\
             <body class=z data-y=2>",
        );
        let names = |local: &str| -> Vec<String> {
            let e = dom
                .elements
                .iter()
                .find(|e| &*e.name.local == local)
                .unwrap();
            e.attrs.iter().map(|a| a.name.local.to_string()).collect()
        };
        assert_eq!(names("div"), ["class", "id", "itemprop", "role"]);
        assert_eq!(names("body"), ["class", "data-y"]);
    }
}

//! Random templates for the tests of the sandbox: deterministic, balanced so that tera
//! parses most of them.

use std::fmt::Write as _;

pub(super) struct Gen(pub u64);

impl Gen {
    /// A template: maybe a macro `m`, then a body.
    pub(super) fn template(&mut self) -> String {
        let mut src = String::new();
        if self.next(3) == 0 {
            src.push_str("{% macro m(a=1) %}");
            self.body(2, &mut src);
            src.push_str("{% endmacro m %}");
        }
        self.body(4, &mut src);
        src
    }

    fn next(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        usize::try_from(self.0 % n as u64).unwrap()
    }

    fn expr(&mut self, depth: usize) -> String {
        const LEAVES: [&str; 8] = [
            "x",
            "1",
            "'%}'",
            "\"}}\"",
            "`a`",
            "xs | length",
            "range(end=2) | length",
            "m::x()",
        ];
        if depth == 0 {
            return LEAVES[self.next(LEAVES.len())].to_string();
        }
        match self.next(5) {
            0 => format!("({})", self.expr(depth - 1)),
            1 => format!("{} + {}", self.expr(depth - 1), self.expr(depth - 1)),
            2 => format!("f(a={})", self.expr(depth - 1)),
            3 => format!("{} and not {}", self.expr(depth - 1), self.expr(depth - 1)),
            _ => LEAVES[self.next(LEAVES.len())].to_string(),
        }
    }

    fn body(&mut self, depth: usize, out: &mut String) {
        for _ in 0..self.next(4) {
            let e = self.expr(2);
            match self.next(if depth == 0 { 6 } else { 13 }) {
                0 => out.push_str("text é\n"),
                1 => write!(out, "{{{{ {e} }}}}").unwrap(),
                2 => write!(out, "{{{{- {e} -}}}}").unwrap(),
                3 => write!(out, "{{% set v = {e} %}}").unwrap(),
                4 => out.push_str("{# {{ c }} {% if %} #}{% raw %}{{ r }}{% if %}{%- endraw %}"),
                5 => out.push_str("{% include \"x\" ignore missing %}"),
                6 | 7 => {
                    write!(out, "{{% if {e} %}}").unwrap();
                    self.body(depth - 1, out);
                    if self.next(2) == 0 {
                        write!(out, "{{%- elif {} -%}}", self.expr(1)).unwrap();
                        self.body(depth - 1, out);
                    }
                    if self.next(2) == 0 {
                        out.push_str("{% else %}");
                        self.body(depth - 1, out);
                    }
                    out.push_str("{% endif %}");
                }
                8 | 9 => {
                    write!(
                        out,
                        "{{% for i in {} %}}",
                        ["xs", "range(end=3)", "[1, (2)]"][self.next(3)]
                    )
                    .unwrap();
                    self.body(depth - 1, out);
                    out.push_str("{% endfor %}");
                }
                10 => {
                    out.push_str("{% filter upper %}");
                    self.body(depth - 1, out);
                    out.push_str("{% endfilter %}");
                }
                11 => write!(out, "{{% set_global w = {e} %}}").unwrap(),
                _ => out.push_str("{{ self::m() }}"),
            }
        }
    }
}

//! The credit layer's terms (`docs/model.md` section 5): equity stakes at market, payment
//! schedules, notice periods and the funding of nodes.
//!
//! Most graphs give none of these, so every column is empty until the first figure arrives.
//! Schedules are stored compactly for graphs of millions of edges: per edge a first year, a
//! number of years and an offset into one shared array of yearly amounts (CSR-like), or no
//! amounts at all for the `{start, years}` shorthand (equal yearly amounts).

use std::collections::BTreeMap;

use super::builder::Refusal;
use super::index::{EdgeIx, NodeIx};
use super::network::Network;

/// The years a schedule, funding or `as_of` may name.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// Relative tolerance of a schedule's sum against the edge's `amount`.
pub const SCHEDULE_TOLERANCE: f64 = 1e-9;

/// Offset marking an evenly spread schedule (no stored amounts).
const EVEN: u32 = u32::MAX;

/// A schedule as given: explicit amounts per year, or the even shorthand.
#[derive(Debug, Clone, PartialEq)]
pub enum ScheduleSpec {
    /// Amount due per calendar year (years may be missing: nothing due).
    Years(BTreeMap<i32, f64>),
    /// `years` equal yearly amounts from `start`.
    Even {
        /// First year.
        start: i32,
        /// Number of years, >= 1.
        years: u32,
    },
}

/// One edge's schedule: the amount due in each year of `first..first + len`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Schedule<'a> {
    /// First year with an entry.
    pub first: i32,
    /// Number of consecutive years.
    pub len: u32,
    amounts: Option<&'a [f64]>,
    even: f64,
}

impl Schedule<'_> {
    /// Last year with an entry.
    pub fn last(&self) -> i32 {
        self.first + self.len as i32 - 1
    }

    /// True for the `{start, years}` shorthand.
    pub fn is_even(&self) -> bool {
        self.amounts.is_none()
    }

    /// Amount due in `year` (0 outside the schedule).
    pub fn due(&self, year: i32) -> f64 {
        if year < self.first || year > self.last() {
            return 0.0;
        }
        match self.amounts {
            Some(a) => a[(year - self.first) as usize],
            None => self.even,
        }
    }

    /// `(year, amount)` for every year of the schedule, in order (zeros included).
    pub fn years(&self) -> impl Iterator<Item = (i32, f64)> + '_ {
        (self.first..=self.last()).map(move |y| (y, self.due(y)))
    }

    /// The schedule as it would be written.
    pub fn spec(&self) -> ScheduleSpec {
        match self.amounts {
            None => ScheduleSpec::Even {
                start: self.first,
                years: self.len,
            },
            Some(a) => ScheduleSpec::Years(
                (self.first..)
                    .zip(a.iter().copied())
                    .filter(|&(_, x)| x != 0.0)
                    .collect(),
            ),
        }
    }
}

/// A node's funding for growth stalls (`docs/model.md` 5.5).
#[derive(Debug, Clone, PartialEq)]
pub struct Funding {
    /// The year `cash` is at the start of and `revenue` is earned in.
    pub year: i32,
    /// Cash at the start of `year`, >= 0.
    pub cash: f64,
    /// Revenue in `year`, >= 0.
    pub revenue: f64,
    /// Planned revenue in later years (a missing year keeps the previous year's revenue).
    pub plan: BTreeMap<i32, f64>,
    /// Share of revenue going to costs other than the graph's obligations, in [0, 1].
    pub cost_ratio: f64,
    /// New capital by year.
    pub capital: BTreeMap<i32, f64>,
}

impl Funding {
    /// Planned revenue in `year`: the plan's latest entry at or before it, else `revenue`.
    pub fn planned_revenue(&self, year: i32) -> f64 {
        self.plan
            .range(..=year)
            .next_back()
            .filter(|(&y, _)| y > self.year)
            .map_or(self.revenue, |(_, &r)| r)
    }

    /// New capital in `year` (0 when none).
    pub fn capital_in(&self, year: i32) -> f64 {
        self.capital.get(&year).copied().unwrap_or(0.0)
    }

    /// Checks the figures: every one finite and >= 0, `cost_ratio` at most 1, years in range.
    ///
    /// # Errors
    /// A [`Refusal`] naming the field (`funding.cash`, `funding.plan.2027`, ...).
    pub fn check(&self) -> Result<(), Refusal> {
        check_year("funding.year", self.year)?;
        check_figure("funding.cash", self.cash)?;
        check_figure("funding.revenue", self.revenue)?;
        check_figure("funding.cost_ratio", self.cost_ratio)?;
        if self.cost_ratio > 1.0 {
            return Err(Refusal::new(
                format!(
                    "`funding.cost_ratio` is {}, but it must be <= 1",
                    self.cost_ratio
                ),
                Some("the share of revenue spent on other costs, in [0, 1]".into()),
            ));
        }
        for (name, map) in [("plan", &self.plan), ("capital", &self.capital)] {
            for (&y, &x) in map {
                let field = format!("funding.{name}.{y}");
                check_year(&field, y)?;
                check_figure(&field, x)?;
            }
        }
        Ok(())
    }
}

fn check_year(field: &str, y: i32) -> Result<(), Refusal> {
    if YEARS.contains(&y) {
        Ok(())
    } else {
        Err(Refusal::new(
            format!(
                "`{field}`: year {y} is out of range ({}..={})",
                YEARS.start(),
                YEARS.end()
            ),
            Some("write a calendar year such as 2027".into()),
        ))
    }
}

fn check_figure(field: &str, x: f64) -> Result<(), Refusal> {
    if !x.is_finite() {
        Err(Refusal::new(
            format!("`{field}` is {x}, not a finite number"),
            None,
        ))
    } else if x < 0.0 {
        Err(Refusal::new(
            format!("`{field}` is {x}, but it must be >= 0"),
            None,
        ))
    } else {
        Ok(())
    }
}

/// The terms of a network; every column is empty until used.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Terms {
    /// Per edge: first year of its schedule (0: none). Empty when no edge has one.
    sched_first: Vec<u16>,
    /// Per edge: number of years.
    sched_len: Vec<u16>,
    /// Per edge: offset into `sched_amounts`, or `EVEN`.
    sched_offset: Vec<u32>,
    sched_amounts: Vec<f64>,
    pub(crate) market_value: hashbrown::HashMap<u32, f64>,
    pub(crate) notice_months: hashbrown::HashMap<u32, f64>,
    pub(crate) funding: hashbrown::HashMap<u32, Box<Funding>>,
}

impl Terms {
    /// True when no term is given.
    pub(crate) fn is_empty(&self) -> bool {
        self.sched_first.is_empty()
            && self.market_value.is_empty()
            && self.notice_months.is_empty()
            && self.funding.is_empty()
    }

    /// Checks a schedule against its edge's amount and stores it for edge `e` of `edges`.
    pub(crate) fn set_schedule(
        &mut self,
        e: usize,
        edges: usize,
        amount: f64,
        spec: &ScheduleSpec,
    ) -> Result<(), Refusal> {
        let (first, len, amounts) = match spec {
            ScheduleSpec::Even { start, years } => {
                check_year("schedule.start", *start)?;
                if *years == 0
                    || i64::from(*start) + i64::from(*years) - 1 > i64::from(*YEARS.end())
                {
                    return Err(Refusal::new(
                        format!("`schedule.years` is {years}: the schedule must run 1 year or more and end by {}", YEARS.end()),
                        Some("`{\"start\": 2027, \"years\": 5}` spreads the amount evenly over 2027-2031".into()),
                    ));
                }
                (*start, *years, None)
            }
            ScheduleSpec::Years(map) => {
                let (Some((&lo, _)), Some((&hi, _))) =
                    (map.first_key_value(), map.last_key_value())
                else {
                    return Err(Refusal::new(
                        "`schedule` is empty",
                        Some("give the amount due per year, e.g. `{\"2027\": 60, \"2028\": 60}`, or leave `schedule` out".into()),
                    ));
                };
                let mut sum = 0.0;
                for (&y, &x) in map {
                    check_year(&format!("schedule.{y}"), y)?;
                    check_figure(&format!("schedule.{y}"), x)?;
                    sum += x;
                }
                if (sum - amount).abs() > SCHEDULE_TOLERANCE * amount.abs() {
                    return Err(Refusal::new(
                        format!("`schedule` sums to {sum}, but `amount` is {amount}"),
                        Some("the yearly amounts must add up to `amount` (within 1e-9 relative); `{\"start\": Y, \"years\": N}` spreads it evenly".into()),
                    ));
                }
                let dense: Vec<f64> = (lo..=hi)
                    .map(|y| map.get(&y).copied().unwrap_or(0.0))
                    .collect();
                ((lo), (hi - lo + 1) as u32, Some(dense))
            }
        };
        // Grow, never reset: the columns may already hold earlier edges' schedules.
        if self.sched_first.len() < edges {
            self.sched_first.resize(edges, 0);
            self.sched_len.resize(edges, 0);
            self.sched_offset.resize(edges, EVEN);
        }
        self.sched_first[e] = first as u16;
        self.sched_len[e] = len as u16;
        self.sched_offset[e] = match amounts {
            None => EVEN,
            Some(a) => {
                let off = u32::try_from(self.sched_amounts.len())
                    .ok()
                    .filter(|&o| o != EVEN)
                    .ok_or_else(|| Refusal::new("too many scheduled years in one graph", None))?;
                self.sched_amounts.extend(a);
                off
            }
        };
        Ok(())
    }

    /// Grows the per-edge schedule columns to `edges` (for edges added after a schedule).
    pub(crate) fn pad(&mut self, edges: usize) {
        if !self.sched_first.is_empty() && self.sched_first.len() < edges {
            self.sched_first.resize(edges, 0);
            self.sched_len.resize(edges, 0);
            self.sched_offset.resize(edges, EVEN);
        }
    }

    pub(crate) fn schedule(&self, e: usize, amount: f64) -> Option<Schedule<'_>> {
        let first = *self.sched_first.get(e)?;
        if first == 0 {
            return None;
        }
        let len = u32::from(self.sched_len[e]);
        let off = self.sched_offset[e];
        Some(Schedule {
            first: i32::from(first),
            len,
            amounts: (off != EVEN)
                .then(|| &self.sched_amounts[off as usize..off as usize + len as usize]),
            even: amount / f64::from(len),
        })
    }

    /// Scales edge `e`'s explicit yearly amounts by `factor` (its amount changed).
    pub(crate) fn scale_schedule(&mut self, e: usize, factor: f64) {
        if let Some(&off) = self.sched_offset.get(e) {
            if self.sched_first[e] != 0 && off != EVEN {
                let len = self.sched_len[e] as usize;
                for x in &mut self.sched_amounts[off as usize..off as usize + len] {
                    *x *= factor;
                }
            }
        }
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.sched_first.capacity() * 2
            + self.sched_len.capacity() * 2
            + self.sched_offset.capacity() * 4
            + self.sched_amounts.capacity() * 8
            + (self.market_value.capacity() + self.notice_months.capacity()) * 16
            + self.funding.capacity() * 16
    }
}

impl Network {
    /// The payment schedule of edge `e`, if it has one (an edge without one is due in full in
    /// the graph's `as_of` year, [`Network::as_of_year`]).
    pub fn schedule(&self, e: impl EdgeIx) -> Option<Schedule<'_>> {
        let e = e.ix();
        self.terms.schedule(e, self.amount[e])
    }

    /// Amount of edge `e` due in `year`: its schedule's entry, else the whole amount in the
    /// `as_of` year (nothing in any year when the graph has no `as_of`).
    pub fn due(&self, e: impl EdgeIx, year: i32) -> f64 {
        let e = e.ix();
        match self.terms.schedule(e, self.amount[e]) {
            Some(s) => s.due(year),
            None if self.as_of_year() == Some(year) => self.amount[e],
            None => 0.0,
        }
    }

    /// The stake's market value of an equity edge, if given.
    pub fn market_value(&self, e: impl EdgeIx) -> Option<f64> {
        self.terms.market_value.get(&(e.ix() as u32)).copied()
    }

    /// The notice period in months of edge `e`, if given.
    pub fn notice_months(&self, e: impl EdgeIx) -> Option<f64> {
        self.terms.notice_months.get(&(e.ix() as u32)).copied()
    }

    /// The funding of node `i`, if given.
    pub fn funding(&self, i: impl NodeIx) -> Option<&Funding> {
        self.terms.funding.get(&(i.ix() as u32)).map(AsRef::as_ref)
    }

    /// True when some edge gives a schedule.
    pub fn has_schedules(&self) -> bool {
        !self.terms.sched_first.is_empty()
    }

    /// True when the graph gives any term of the credit layer (schedule, notice period,
    /// market value, funding).
    pub fn has_terms(&self) -> bool {
        !self.terms.is_empty()
    }

    /// The year of the graph's `as_of` date, if it has one.
    pub fn as_of_year(&self) -> Option<i32> {
        self.meta.as_of.as_deref()?.get(..4)?.parse().ok()
    }

    /// Things that are allowed but probably mistakes: funding on a node that owes nothing.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut ids: Vec<u32> = self.terms.funding.keys().copied().collect();
        ids.sort_unstable();
        for i in ids {
            let owes = self.edges().any(|e| {
                self.kinds.is_obligation(e.kind)
                    && self.kinds.obligor(e.kind, e.from, e.to).raw() == i
            });
            if !owes {
                out.push(format!(
                    "node `{}` gives `funding` but has no obligation edges, so a stall of it has nothing to pay",
                    self.id(i as usize)
                ));
            }
        }
        out
    }
}

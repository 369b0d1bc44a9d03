"""wilson_ci against PHEindicatormethods' own published Wilson cases (the package OHID's Fingertips team publishes
for its indicator methods).

Source: github.com/PublicHealthEngland/PHEindicatormethods at 8d3fa8c5985d8e5e92b3b8bc82ff23bd96b01715 (v1.3.2):
  tests/testthat/testWilson.R, expected values in tests/testthat/testdata_Byars_Wilson.xlsx (sheet testdata_B_W,
  the Wilson rows), and tests/testthat/testProportions.R, expected values in tests/testthat/testdata_Proportion.xlsx
  (sheets testdata_Prop and testdata_Prop_g). The values below are copied from those sheets.
"""
from __future__ import annotations

import pytest

from logframe.stats import Z_95, wilson_ci

Z_99_8 = 3.090232306167813  # R: qnorm(0.999), the 99.8% interval PHEindicatormethods also publishes

REPO = "PublicHealthEngland/PHEindicatormethods@8d3fa8c"

# testdata_B_W rows 8-13 (x, n, lowercl, uppercl, confidence), used by testWilson.R "wilson_lower calculate
# correctly" (wilson_lower / wilson_upper on c(65, 1045, 0.445), c(100, 5000, 1)).
B_W = [
    (65, 100, 0.55254443296887967, 0.73635751756902468, 95),
    (1045, 5000, 0.19795549880013297, 0.22049130373189027, 95),
    (0.445, 1, 4.3817447720588223E-2, 0.93346212769791559, 95),
    (65, 100, 0.49549465740704313, 0.77835406140896968, 99.8),
    (1045, 5000, 0.19179381799015244, 0.22731562902525818, 99.8),
    (0.445, 1, 1.9347006132900975E-2, 0.97022599470195414, 99.8),
]

# testdata_Prop rows Area1-Area8 (Numerator, Denominator, lower95_0cl, upper95_0cl, lower99_8cl, upper99_8cl),
# proportions of 1; testProportions.R "proportions and CIs calculate correctly". The percentage rows (multiplier
# 100) are the same numbers times 100 and are checked through the multiplier below.
PROP = [
    (1, 100, 1.7674320641406511E-3, 5.4486196178705294E-2, 8.73065697299977E-4, 0.10455445283705821),
    (5, 100, 2.154367915436798E-2, 0.11175046923191911, 1.3865320725997183E-2, 0.16458852282596442),
    (20, 100, 0.1333669333310325, 0.28882916559315885, 0.10519162066711432, 0.3471109417008601),
    (65, 100, 0.55254443296887967, 0.73635751756902468, 0.49549465740704313, 0.77835406140896968),
    (9856, 12345, 0.79121017529090687, 0.80536400736149094, 0.7869924108419063, 0.80930614125896261),
    (7776456, 7564336677, 1.0273201001641094E-3, 1.0287644578977231E-3, 1.0269040118442213E-3,
     1.0291812992698397E-3),
    (222, 3215, 6.0791690363636595E-2, 7.8339566813836331E-2, 5.647101964624248E-2, 8.4184141852701344E-2),
    (999, 3456, 0.27418951080009873, 0.30440389662818057, 0.26583995768074953, 0.31344754492799848),
]

# testdata_Prop_g rows Area1-Area8 (the grouped test, 95%): Numerator, Denominator, lowercl, uppercl.
PROP_G = [
    (2, 200, 2.746658133544438E-3, 3.5721761716176796E-2),
    (10, 200, 2.7382645600763925E-2, 8.9578148138775973E-2),
    (40, 200, 0.15045200926098115, 0.26085518656537882),
    (130, 200, 0.58163464336040083, 0.71271175872641923),
    (19712, 24690, 0.79332918455413748, 0.80333780322782966),
    (15552912, 15128673354, 1.0275314947741198E-3, 1.0285528098907119E-3),
    (444, 6430, 6.3107995762980915E-2, 7.5509261831701299E-2),
    (1998, 6912, 0.27849494363237037, 0.29986439017207411),
]


@pytest.mark.parametrize("x, n, lower, upper, confidence", B_W,
                         ids=[f"{REPO}:testdata_Byars_Wilson.xlsx:row{i}" for i in range(8, 14)])
def test_wilson_byars_wilson_sheet(x, n, lower, upper, confidence):
    z = Z_95 if confidence == 95 else Z_99_8
    assert wilson_ci(x, n, multiplier=1, z=z) == (pytest.approx(lower, rel=1e-12), pytest.approx(upper, rel=1e-12))


@pytest.mark.parametrize("x, n, lo95, hi95, lo998, hi998", PROP,
                         ids=[f"{REPO}:testdata_Proportion.xlsx:Area{i}" for i in range(1, 9)])
@pytest.mark.parametrize("multiplier", [1, 100])
def test_wilson_proportion_sheet(x, n, lo95, hi95, lo998, hi998, multiplier):
    assert wilson_ci(x, n, multiplier=multiplier) == (pytest.approx(lo95 * multiplier, rel=1e-12),
                                                      pytest.approx(hi95 * multiplier, rel=1e-12))
    assert wilson_ci(x, n, multiplier=multiplier, z=Z_99_8) == (pytest.approx(lo998 * multiplier, rel=1e-12),
                                                                 pytest.approx(hi998 * multiplier, rel=1e-12))


@pytest.mark.parametrize("x, n, lower, upper", PROP_G,
                         ids=[f"{REPO}:testdata_Proportion.xlsx:testdata_Prop_g:Area{i}" for i in range(1, 9)])
def test_wilson_grouped_sheet(x, n, lower, upper):
    assert wilson_ci(x, n, multiplier=1) == (pytest.approx(lower, rel=1e-12), pytest.approx(upper, rel=1e-12))


@pytest.mark.parametrize("x, n", [(None, 100), (10, None), (None, None)],
                         ids=[f"{REPO}:testdata_Proportion.xlsx:Area{i}" for i in ("09", "10", "11")])
def test_wilson_missing_counts_give_no_interval(x, n):
    # testProportions.R "test NAs": a missing numerator or denominator gives NA limits.
    assert wilson_ci(x, n) is None


@pytest.mark.parametrize("x, n", [(-4, 1), (80, 50), (1000, -6)],
                         ids=[f"{REPO}:testWilson.R:errors:{w}" for w in ("obs<0", "x>n", "pop<=0")])
def test_wilson_refuses_what_phe_refuses(x, n):
    # testWilson.R "errors are generated when invalid arguments are used": PHEindicatormethods stops; we return
    # None, which callers read as 'no interval'.
    assert wilson_ci(x, n) is None

#pragma once

#include <QString>
#include <QStringView>

namespace kete::fhir {

// A UCUM unit code (or a unit a server wrote in UCUM's style) as people write it:
//   10*3/uL -> ×10³/µL     mm[Hg] -> mmHg       mL/min/{1.73_m2} -> mL/min/1.73 m²
//   ug/dL   -> µg/dL       kg/m2  -> kg/m²      Cel -> °C      [degF] -> °F
//   [in_i]  -> in          [lb_av] -> lb        /[HPF] -> /HPF      m[IU]/L -> mIU/L
//   {score}, {T-score}, 1 -> "" (a count or a score has no unit to show)
// The rules, term by term ('/' and UCUM's '.' for "times", shown as '·', separate terms):
//   - the special atoms above ([degF], Cel, mm[Hg], [in_i], [lb_av], [oz_av], [ft_i], [HPF],
//     [LPF], [IU], [iU], [pH], [ppm], [ppth]) by a table;
//   - 10*N and 10^N become ×10 with N in superscript;
//   - the prefix u (micro) before g, L, l, m, mol, eq, U, IU, kat, s becomes µ;
//   - a trailing exponent (m2, cm3, s-1) goes into superscript;
//   - a curly-brace annotation alone ({score}) is nothing; one that is a term of its own keeps
//     its words ({cells}/uL -> cells/µL, {1.73_m2} -> 1.73 m²), with '_' as a space;
//   - a number written against a unit ("1.73m2") gets a space: 1.73 m²;
//   - anything else (mg/dL, %, beats/minute, °C, mmHg) is shown as given.
QString readableUnit(QStringView unit);

} // namespace kete::fhir

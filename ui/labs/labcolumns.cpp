#include "labs/labcolumns.h"

#include <algorithm>
#include <set>

namespace kete::ui {

QList<int> fitWidths(const QList<ColumnNeed> &needs, int available)
{
    QList<int> widths;
    int total = 0;
    std::set<int> turns;
    for (const ColumnNeed &need : needs) {
        widths.append(need.preferred);
        total += need.preferred;
        turns.insert(need.givesWay);
    }
    int excess = total - available;
    for (const int turn : turns) {
        if (excess <= 0)
            break;
        int slack = 0;
        for (const ColumnNeed &need : needs) {
            if (need.givesWay == turn)
                slack += std::max(0, need.preferred - need.minimum);
        }
        if (slack == 0)
            continue;
        const int take = std::min(excess, slack);
        int taken = 0;
        for (qsizetype i = 0; i < needs.size(); ++i) {
            const ColumnNeed &need = needs.at(i);
            const int give = std::max(0, need.preferred - need.minimum);
            if (need.givesWay != turn || give == 0)
                continue;
            // Rounded up, so that the turn gives all it has to give; never below the minimum.
            const int share = std::min({give, (give * take + slack - 1) / slack, take - taken});
            widths[i] -= share;
            taken += share;
        }
        excess -= taken;
    }
    return widths;
}

} // namespace kete::ui

#pragma once

#include <QColor>
#include <QIcon>

namespace kete::ui {

// One accent per open patient: a stripe in the patient's banner and a swatch in her tab, so that
// the eye links a tab to its record. Never the only sign: the tab and the banner say the name.
// The hues are far apart and mid-tone, visible on light and dark palettes alike.
class PatientAccent
{
public:
    static constexpr int kCount = 6;

    // The accent of `slot` (wraps after kCount).
    static QColor color(int slot);
    // A small rounded swatch of the slot's accent, for a tab.
    static QIcon icon(int slot);
    // The lowest slot no open patient uses (`used` are the open patients' slots).
    static int firstFree(const QList<int> &used);
};

} // namespace kete::ui

#pragma once

class QCoreApplication;

namespace kete::ui {

// Installs the translations for the user's language: Qt's own (standard buttons, dialogs) from
// Qt's translations folder, and Kete's (kete_<language>.qm) from beside the program or from
// Kete's data folder. A language without a translation stays English.
void installTranslations(QCoreApplication &app);

} // namespace kete::ui

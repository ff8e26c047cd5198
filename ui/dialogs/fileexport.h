#pragma once

#include "common/result.h"

#include <QString>
#include <functional>

class QWidget;

namespace kete::ui {

// What the save dialog offers: its title, the file name it suggests (in the home folder) and
// the file types ("CSV files (*.csv)").
struct ExportFile
{
    QString caption;
    QString suggestedName;
    QString filter;
};

// Writes the export to the chosen path, atomically (writeFileAtomically), or says why not.
using ExportWriter = std::function<Result<void>(const QString &path)>;

// The one way the UI saves what the user exports: asks where (dialogs::saveFileName), writes,
// and says "Saved" and where, offering to open the folder (dialogs::saved), or in the window's
// message bar why it was not saved. Nothing happens when the user cancels.
void exportToFile(QWidget *parent, const ExportFile &file, const ExportWriter &write);

} // namespace kete::ui

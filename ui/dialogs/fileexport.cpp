#include "dialogs/fileexport.h"

#include "common/logging.h"
#include "dialogs/dialogs.h"
#include "widgets/messagebar.h"

#include <QCoreApplication>
#include <QDir>
#include <QWidget>

namespace kete::ui {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kete::ui", text);
}

void report(QWidget *parent, const QString &path, const Result<void> &written)
{
    // The views that export sit deep inside the window; its one message bar is where the user
    // looks for news, without every owner in between relaying a signal.
    MessageBar *bar = parent->window()->findChild<MessageBar *>();
    if (written) {
        dialogs::saved(parent, path); // "Saved", where, and "Open folder"
        return;
    }
    qCWarning(lcUi) << "export failed:" << written.error().detail;
    if (bar)
        bar->showError(written.error());
    else
        dialogs::warning(parent, tr("Could not export"), written.error().message);
}

} // namespace

void exportToFile(QWidget *parent, const ExportFile &file, const ExportWriter &write)
{
    const QString path = dialogs::saveFileName(
        parent, file.caption, QDir::home().filePath(file.suggestedName), file.filter);
    if (path.isEmpty())
        return;
    report(parent, path, write(path));
}

} // namespace kete::ui

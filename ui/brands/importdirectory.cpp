#include "brands/importdirectory.h"

#include "brands/brandsdirectory.h"
#include "brands/importreport.h"
#include "dialogs/dialogs.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QPointer>
#include <QWidget>

namespace kete::ui {

namespace {

QString tr(const char *text, const char *disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("kete::ui", text, disambiguation, n);
}

} // namespace

void importProviderDirectory(QWidget *parent, const ImportedDirectoryHandler &imported)
{
    const QString path = dialogs::openFileName(parent, tr("Import provider directory"),
                                               tr("Provider directories (*.json)"));
    if (path.isEmpty())
        return;
    auto *watcher = new QFutureWatcher<Result<brands::LoadedDirectory>>(parent);
    QObject::connect(
        watcher, &QFutureWatcherBase::finished, watcher,
        [watcher, parent = QPointer<QWidget>(parent), imported] {
            watcher->deleteLater();
            const Result<brands::LoadedDirectory> loaded = watcher->result();
            if (!loaded) {
                dialogs::warning(parent, tr("Import provider directory"),
                                 loaded.error().message + QLatin1Char(' ') +
                                     tr("The providers Kete could already find are kept."));
                return;
            }
            if (imported)
                imported(loaded->index);
            dialogs::information(parent, tr("Import provider directory"), importSummary(*loaded));
        });
    watcher->setFuture(brands::importDirectoryAsync(path));
}

} // namespace kete::ui

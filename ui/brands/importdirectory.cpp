#include "brands/importdirectory.h"

#include "brands/brandsdirectory.h"
#include "dialogs/dialogs.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QPointer>
#include <QWidget>

namespace kete::ui {

namespace {

QString tr(const char *text, const char *disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("kete::ui::ImportDirectory", text, disambiguation, n);
}

} // namespace

void importProviderDirectory(QWidget *parent)
{
    const QString path = dialogs::openFileName(parent, tr("Import provider directory"),
                                               tr("Provider directories (*.json)"));
    if (path.isEmpty())
        return;
    auto *watcher = new QFutureWatcher<Result<brands::LoadedDirectory>>(parent);
    QObject::connect(
        watcher, &QFutureWatcherBase::finished, watcher,
        [watcher, parent = QPointer<QWidget>(parent)] {
            watcher->deleteLater();
            const Result<brands::LoadedDirectory> loaded = watcher->result();
            if (!loaded) {
                dialogs::warning(parent, tr("Import provider directory"), loaded.error().message);
                return;
            }
            const brands::ParseReport &report = loaded->report;
            QString text =
                tr("%n provider(s) can now be found by name.", nullptr, int(loaded->index->size()));
            if (report.problems() > 0)
                text += QLatin1Char(' ') +
                        tr("%n entry(ies) were left out (no secure FHIR address, "
                           "or unreadable).",
                           nullptr, report.skippedOrganizations + report.refusedEndpoints);
            dialogs::information(parent, tr("Import provider directory"), text);
        });
    watcher->setFuture(brands::importDirectoryAsync(path));
}

} // namespace kete::ui

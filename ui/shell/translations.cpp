#include "shell/translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QStandardPaths>
#include <QTranslator>
#include <memory>

namespace kete::ui {

namespace {

void install(QCoreApplication &app, const QString &name, const QStringList &folders)
{
    for (const QString &folder : folders) {
        auto translator = std::make_unique<QTranslator>(&app);
        if (translator->load(QLocale(), name, QStringLiteral("_"), folder)) {
            QCoreApplication::installTranslator(translator.release());
            return;
        }
    }
}

} // namespace

void installTranslations(QCoreApplication &app)
{
    install(app, QStringLiteral("qtbase"), {QLibraryInfo::path(QLibraryInfo::TranslationsPath)});
    QStringList keteFolders{QCoreApplication::applicationDirPath() +
                            QStringLiteral("/translations")};
    for (const QString &data : QStandardPaths::standardLocations(QStandardPaths::AppDataLocation))
        keteFolders.append(data + QStringLiteral("/translations"));
    install(app, QStringLiteral("kete"), keteFolders);
}

} // namespace kete::ui

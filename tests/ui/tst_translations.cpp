#include "shell/translations.h"

#include <QApplication>
#include <QFile>
#include <QLibraryInfo>
#include <QLocale>
#include <QTest>
#include <QTranslator>

// Kete speaks the user's language where a translation exists: Qt's own texts (standard buttons)
// come from Qt's translations folder.
class TestTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void qtsOwnTextsFollowTheUsersLanguage()
    {
        if (!QFile::exists(QLibraryInfo::path(QLibraryInfo::TranslationsPath) +
                           QStringLiteral("/qtbase_de.qm")))
            QSKIP("Qt's German translation is not installed (qt6-translations-l10n)");
        QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("Cancel"));
        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        kete::ui::installTranslations(*qApp);
        QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"),
                 QStringLiteral("Abbrechen"));
        // A language without a translation stays English.
        for (QTranslator *translator : qApp->findChildren<QTranslator *>())
            QCoreApplication::removeTranslator(translator);
        QLocale::setDefault(QLocale(QLocale::Maori, QLocale::NewZealand));
        kete::ui::installTranslations(*qApp);
        QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("Cancel"));
    }
};

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"

#include "common/logging.h"
#include "common/version.h"
#include "shell/appresources.h"
#include "shell/mainwindow.h"
#include "shell/startupbench.h"
#include "shell/translations.h"
#include "storage/secretstore.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QUrl>
#include <memory>

namespace {

QStringList rawArguments(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    return arguments;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication::setApplicationName(QStringLiteral("Kete"));
    QCoreApplication::setOrganizationName(QStringLiteral("Kete"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("kete.example.org"));
    QCoreApplication::setApplicationVersion(kete::versionString());

    // Parsed before QApplication exists, so that --help and --version work without a display.
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "Your lab results and conditions from your health "
                                            "provider, through SMART on FHIR."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption demoOption(
        QStringLiteral("demo"),
        QCoreApplication::translate("main", "Start on the built-in demo sandbox."));
    parser.addOption(demoOption);
    const QCommandLineOption connectOption(
        QStringLiteral("connect"),
        QCoreApplication::translate("main", "Start signing in to the FHIR server at <url>."),
        QStringLiteral("url"));
    parser.addOption(connectOption);
    const QCommandLineOption clientIdOption(
        QStringLiteral("client-id"),
        QCoreApplication::translate("main", "The client id the provider registered for Kete "
                                            "(with --connect)."),
        QStringLiteral("id"));
    parser.addOption(clientIdOption);
    const QCommandLineOption clinicianOption(
        QStringLiteral("clinician"),
        QCoreApplication::translate("main", "Sign in as a clinician (with --connect)."));
    parser.addOption(clinicianOption);
    const QCommandLineOption startupBenchOption(
        QStringLiteral("startup-bench"),
        QCoreApplication::translate("main", "Print how long the welcome window took to show "
                                            "after the process started and, when the last "
                                            "provider keeps a copy of the record, how long the "
                                            "reopened record took, then quit."));
    parser.addOption(startupBenchOption);
    if (!parser.parse(rawArguments(argc, argv))) {
        fprintf(stderr, "%s\n", qPrintable(parser.errorText()));
        return 2;
    }
    if (parser.isSet(helpOption) || parser.isSet(versionOption)) {
        // Enough of an application for the help text to name the program; still no display.
        QCoreApplication console(argc, argv);
        if (parser.isSet(helpOption))
            parser.showHelp(0);
        parser.showVersion();
    }

    QApplication app(argc, argv);
    QApplication::setDesktopFileName(QStringLiteral("org.kete.Kete"));
    kete::ui::initResources();
    kete::ui::installTranslations(app);
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/kete/icons/kete.svg")));

    qCInfo(lcApp) << "Kete" << kete::versionString() << "starting";
    kete::ui::MainWindow window;
    std::unique_ptr<kete::ui::StartupBench> bench;
    if (parser.isSet(startupBenchOption)) {
        bench = std::make_unique<kete::ui::StartupBench>(&window);
        bench->start();
    } else {
        window.show();
        if (parser.isSet(demoOption))
            window.startDemo();
        else if (parser.isSet(connectOption))
            window.connectTo(QUrl::fromUserInput(parser.value(connectOption)),
                             parser.value(clientIdOption),
                             kete::smart::ScopeChoice{parser.isSet(clinicianOption)
                                                          ? kete::smart::ScopeAudience::Clinician
                                                          : kete::smart::ScopeAudience::Patient});
        else
            window.reopenLastProvider();
    }
    // Also after the startup bench: its next start must find the refresh token rotated now.
    const int exitCode = QApplication::exec();
    kete::SecretStore::finishChanges(std::chrono::seconds(5));
    return exitCode;
}

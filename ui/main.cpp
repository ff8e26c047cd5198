#include "common/logging.h"
#include "common/version.h"
#include "shell/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

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
    if (!parser.parse(rawArguments(argc, argv))) {
        fprintf(stderr, "%s\n", qPrintable(parser.errorText()));
        return 2;
    }
    if (parser.isSet(helpOption))
        parser.showHelp(0);
    if (parser.isSet(versionOption))
        parser.showVersion();

    QApplication app(argc, argv);
    QApplication::setDesktopFileName(QStringLiteral("org.kete.Kete"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/kete/icons/kete.svg")));

    qCInfo(lcApp) << "Kete" << kete::versionString() << "starting";
    kete::ui::MainWindow window;
    window.show();
    return QApplication::exec();
}

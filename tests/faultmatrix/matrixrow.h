#pragma once

// One row of the fault matrix: what Kete did when a server misbehaved in one way, as the user
// meets it. The README keeps the matrix as a table; each test compares the row it observed with
// the README's row, so that the table and the behaviour cannot drift apart.

#include "record/patientrecord.h"
#include "shell/busypage.h"
#include "shell/mainwindow.h"
#include "shell/welcomepage.h"
#include "signin/signinbrowser.h"
#include "smart/session.h"
#include "storage/providerstore.h"
#include "widgets/messagebar.h"

#include <QFile>
#include <QRegularExpression>
#include <QStringList>
#include <QTest>
#include <optional>

namespace kete::test {

struct MatrixRow
{
    QString fault;     // the --fault name or the bad-server case
    QString seen;      // what the message bar (or the sign-in window) says
    QString onScreen;  // the page, and for a record what its status line says
    QString session;   // whether the sign-in survives
    QString tokenHome; // whether the bearer token went only to its own origin

    QStringList cells() const { return {fault, seen, onScreen, session, tokenHome}; }
    QString markdown() const
    {
        return QStringLiteral("| ") + cells().join(QStringLiteral(" | ")) + QStringLiteral(" |");
    }
};

// Ports and times change from run to run; the words do not.
inline QString stable(QString text)
{
    static const QRegularExpression port(QStringLiteral("(127\\.0\\.0\\.[12]):\\d+"));
    static const QRegularExpression time(QStringLiteral("\\b\\d{1,2}:\\d{2}\\b"));
    text.replace(port, QStringLiteral("\\1"));
    text.replace(time, QStringLiteral("HH:MM"));
    text.replace(QLatin1Char('|'), QLatin1Char('/'));
    return text.simplified();
}

// What the user reads: the sign-in window's problem line while it is open, else the message bar.
inline QString seenIn(const ui::MainWindow &window)
{
    if (const ui::SignInBrowser *browser = window.signIn()->browser();
        browser && !browser->problem().isEmpty())
        return stable(QStringLiteral("sign-in window: ") + browser->problem());
    if (window.messageBar()->isVisible())
        return stable(window.messageBar()->text());
    return QStringLiteral("(no message)");
}

inline QString onScreenIn(const ui::MainWindow &window)
{
    if (window.welcomePage()->isVisible())
        return QStringLiteral("welcome page");
    if (window.busyPage()->isVisible())
        return window.signIn()->browser()
                   ? QStringLiteral("the provider's page")
                   : stable(QStringLiteral("busy: ") + window.busyPage()->text());
    if (const record::PatientRecord *record = window.patientRecord()) {
        // How many notices came depends on which search failed first; the message bar says
        // what matters.
        static const QRegularExpression notices(
            QStringLiteral(" \u00B7 \\d+ notices? from the server"));
        return stable(QStringLiteral("record: ") + record->statusText()).remove(notices);
    }
    return QStringLiteral("(nothing)");
}

inline QString sessionIn(const ui::MainWindow &window)
{
    if (!window.session())
        return QStringLiteral("no sign-in");
    return window.session()->isSignedIn() ? QStringLiteral("yes") : QStringLiteral("no");
}

// The README's row for `fault`, nullopt when it has none.
inline std::optional<MatrixRow> readmeRow(const QString &fault)
{
    QFile readme(QStringLiteral(KETE_SOURCE_DIR "/README.md"));
    if (!readme.open(QIODevice::ReadOnly | QIODevice::Text))
        return std::nullopt;
    const QString start = QStringLiteral("| ") + fault + QStringLiteral(" |");
    for (const QString &line : QString::fromUtf8(readme.readAll()).split(QLatin1Char('\n'))) {
        if (!line.startsWith(start))
            continue;
        QStringList cells = line.split(QLatin1Char('|'));
        cells = cells.mid(1, cells.size() - 2);
        if (cells.size() != 5)
            return std::nullopt;
        for (QString &cell : cells)
            cell = cell.trimmed();
        return MatrixRow{cells[0], cells[1], cells[2], cells[3], cells[4]};
    }
    return std::nullopt;
}

// The run's saved providers and their keychain entries go (the next row starts afresh).
inline bool forgetSavedProviders(ui::MainWindow &window)
{
    for (const ProviderSettings &provider : window.providers()->providers()) {
        bool forgotten = false;
        window.providers()->forget(provider.id, [&](const Result<void> &) { forgotten = true; });
        if (!QTest::qWaitFor([&] { return forgotten; }, 20000))
            return false;
    }
    return true;
}

} // namespace kete::test

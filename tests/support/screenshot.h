#pragma once

#include <QCoreApplication>
#include <QDir>
#include <QTest>
#include <QWidget>

namespace kete::test {

// Lets what a change left behind run before a grab: Qt Charts lays its scene out from the event
// loop and removes the items of a replaced axis or series with deleteLater(), which a plain
// processEvents() outside an event loop never runs (the grab then shows old and new axis labels
// drawn over each other).
inline void settle()
{
    for (int round = 0; round < 3; ++round) {
        QCoreApplication::processEvents();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    }
    QCoreApplication::processEvents();
}

// Saves what `widget` shows to $KETE_SCREENSHOTS/<name> (nothing when that is unset), so that a
// person can look at every screen the tests reach.
inline void saveScreenshot(QWidget &widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("KETE_SCREENSHOTS");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    if (!widget.isVisible()) {
        widget.show();
        QVERIFY(QTest::qWaitForWindowExposed(&widget));
    }
    settle();
    QVERIFY(widget.grab().save(dir + QLatin1Char('/') + name));
}

inline void saveScreenshot(QWidget *widget, const QString &name)
{
    saveScreenshot(*widget, name);
}

} // namespace kete::test

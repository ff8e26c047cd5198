#pragma once

#include <QCoreApplication>
#include <QDir>
#include <QTest>
#include <QWidget>

namespace kete::test {

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
    QCoreApplication::processEvents(); // charts lay out their scene from the event loop
    QVERIFY(widget.grab().save(dir + QLatin1Char('/') + name));
}

inline void saveScreenshot(QWidget *widget, const QString &name)
{
    saveScreenshot(*widget, name);
}

} // namespace kete::test

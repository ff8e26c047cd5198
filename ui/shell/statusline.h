#pragma once

#include <QObject>

class QLabel;
class QProgressBar;
class QStatusBar;

namespace kete::record {
class ShownRecord;
}

namespace kete::ui {

// The window's status bar: how far the record on screen has loaded, or what to do next.
class StatusLine final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatusLine)

public:
    explicit StatusLine(QStatusBar *bar);

    // `record` may be null: then "Not connected", or the desk's hint when `connected`.
    void show(const record::ShownRecord *record, bool connected);
    QString text() const;

private:
    QLabel *m_label;
    QProgressBar *m_progress;
};

} // namespace kete::ui

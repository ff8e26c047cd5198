#pragma once

#include <QWidget>

class QLabel;

namespace kete::ui {

// "Looking up your provider…" with a moving bar and Cancel: what the window shows while a
// connection is being made, so that it never looks frozen.
class BusyPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BusyPage)

public:
    explicit BusyPage(QWidget *parent = nullptr);

    void setText(const QString &text);
    QString text() const;

Q_SIGNALS:
    void cancelRequested();

private:
    QLabel *m_text;
};

} // namespace kete::ui

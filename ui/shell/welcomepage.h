#pragma once

#include <QWidget>

class QPushButton;

namespace kete::ui {

// The first-run empty state: two clear paths into Kete.
class WelcomePage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WelcomePage)

public:
    explicit WelcomePage(QWidget *parent = nullptr);

Q_SIGNALS:
    void connectRequested();
    void demoRequested();
};

} // namespace kete::ui

#pragma once

#include <QMainWindow>

class QStackedWidget;

namespace kete::ui {

class WelcomePage;

class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(QWidget *parent = nullptr);

    WelcomePage *welcomePage() const { return m_welcome; }

public Q_SLOTS:
    void showAbout();

private:
    void createMenus();

    QStackedWidget *m_pages;
    WelcomePage *m_welcome;
};

} // namespace kete::ui

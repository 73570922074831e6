import * as React from 'react';
import { Route, Routes } from 'react-router-dom';
import Inbox from './Inbox';
import ApplicationPage from './ApplicationPage';
import SupervisionPage from './SupervisionPage';

/** 审核工作台: the inbox at /admin/shenbao-desk, an application at …/applications/:documentId, 绩效监管 at …/supervision. */
export default function DeskPage() {
  return (
    <Routes>
      <Route index element={<Inbox />} />
      <Route path="applications/:documentId" element={<ApplicationPage />} />
      <Route path="supervision" element={<SupervisionPage />} />
    </Routes>
  );
}

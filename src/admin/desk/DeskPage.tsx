import * as React from 'react';
import { Route, Routes } from 'react-router-dom';
import Inbox from './Inbox';
import ApplicationPage from './ApplicationPage';

/** 审核工作台: the inbox at /admin/shenbao-desk, an application at /admin/shenbao-desk/applications/:documentId. */
export default function DeskPage() {
  return (
    <Routes>
      <Route index element={<Inbox />} />
      <Route path="applications/:documentId" element={<ApplicationPage />} />
    </Routes>
  );
}

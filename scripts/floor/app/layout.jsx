// The floor: what a minimal Next.js app of the product's version scores (npm run audit:pages).
export const metadata = {
  title: "Floor",
  description: "A minimal Next.js app, the audit's floor.",
};

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
